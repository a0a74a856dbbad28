/**
 * The common language of dxguard: FHIR-free, Drools-free, Neo4j-free domain records.
 *
 * <p>Entry point: {@link org.dxguard.model.PatientFacts} (built with {@link PatientFacts#builder()}), which
 * carries everything the rules, the graph and the reasoner may know about one patient for one request.
 * Every record validates itself in its compact constructor; collections are immutable copies.
 *
 * <p>Errors: {@link org.dxguard.model.DxGuardException} is the single unchecked exception root of the project;
 * it carries an {@link org.dxguard.model.ErrorCode} with a stable code ({@code DXG-0042}).
 */
package org.dxguard.model;
