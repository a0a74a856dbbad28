/**
 * Neo4j symptom–disease graph: schema, idempotent importers (DDXPlus, Synthea disease modules, our CSV/YAML
 * format), ranking of candidate diagnoses with their evidence, FHIR/free-text → findings, embedded Neo4j default.
 *
 * <p>Entry point: {@link org.dxguard.graph.KnowledgeGraph#connect(org.dxguard.graph.GraphConfig)}; then
 * {@code rank(...)}, {@code imports()}, {@code findingsFor(...)}; {@link org.dxguard.graph.FindingExtractor} for
 * text; {@link org.dxguard.graph.DdxplusEvaluation} for the benchmark. Internals live in
 * {@code org.dxguard.graph.internal}. See knowledge-graph/README.md for the schema and the import format.
 */
package org.dxguard.graph;
