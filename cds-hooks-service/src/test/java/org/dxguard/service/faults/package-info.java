/**
 * Fault tests: the service under concurrent load while a part fails (model server stalled, failing, refusing or
 * answering garbage; the knowledge graph stopped and reconnected; the FHIR server slow or failing during prefetch;
 * a broken guideline edit; kill -9 and restart; fuzzed requests). Each test prints one {@code PROVED: …} line per
 * property it checked, with the figures. Short phases run in {@code ./mvnw verify}; {@code -Ddxguard.faults.long=true}
 * runs every phase longer ({@link org.dxguard.service.faults.FaultRun}). Commands and figures: docs/FAULTS.md.
 */
package org.dxguard.service.faults;
