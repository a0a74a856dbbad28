/**
 * The facts DRL rules match on, built from {@link org.dxguard.model.PatientFacts} by the engine: patient
 * demographics, one {@link org.dxguard.rules.facts.DrugFact} per medication ingredient, labs in canonical units,
 * tagged conditions, resolved allergies, and rows of a package's reference tables. Rules report only through the
 * {@link org.dxguard.rules.facts.Alerts} global ({@code alert}). Every fact describes itself for the decision
 * record without names ({@link org.dxguard.rules.facts.Describable}).
 */
package org.dxguard.rules.facts;
