/**
 * Synthea cohort study of the medication-safety cards (issue 3): realistic Synthea patients sent as order-sign
 * calls to a real dxguard service, every card judged by an independent oracle written from the raw FHIR JSON.
 *
 * <p>Entry points: {@link org.dxguard.service.cohort.SyntheaCohortAlertsIT} (on demand, {@code -Ddxguard.cohort=N},
 * N &ge; 200 for the measurement) and {@link org.dxguard.service.cohort.SmallCohortAlertsIT} (every build,
 * the cached 12-patient cohort). {@link org.dxguard.service.cohort.CohortStudy} sends the calls,
 * {@link org.dxguard.service.cohort.AlertOracle} judges them (with {@link org.dxguard.service.cohort.RawPatient}
 * and {@link org.dxguard.service.cohort.DrugKnowledge}, which share no code with the service's FHIR mapping or the
 * guideline terminology), {@link org.dxguard.service.cohort.CohortReport} writes the Markdown report.
 */
package org.dxguard.service.cohort;
