/**
 * Realistic patients and the CDS Hooks calls an EHR would send for them:
 * {@link org.dxguard.bench.synthea.CohortGenerator} (Synthea 3.3.0, offline, seeded, cached),
 * {@link org.dxguard.bench.synthea.SyntheaRequests} and {@link org.dxguard.bench.synthea.DraftOrders} (a patient's
 * calls and draft orders), {@link org.dxguard.bench.synthea.Prefetch} (the prefetch a service's discovery asks for,
 * answered over the patient's record as a FHIR server would), {@link org.dxguard.bench.synthea.DateShift} (every date moved, e.g. to
 * today). Used by {@code bench replay} and, as Synthea test fixtures, by the tests of fhir-facts, the service and app.
 */
package org.dxguard.bench.synthea;
