/**
 * Neo4j symptom-disease graph: schema, importers, ranking of candidate diagnoses, embedded Neo4j default.
 *
 * <p>Status: not yet implemented; see the open issue for this module.
 */
package org.dxguard.graph;
