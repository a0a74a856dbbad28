/**
 * Internals of the knowledge graph: Cypher ranking ({@code Ranker}), graph writer and schema, DDXPlus learner
 * (naive Bayes + calibrated differential model), Synthea module and CSV/YAML readers. Not a public API.
 */
package org.dxguard.graph.internal;
