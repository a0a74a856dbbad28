/**
 * The dxguard service: CDS Hooks 2.0 over HTTP, caller authentication, prefetch and FHIR fetch, the services and
 * their cards, explanations, the decision record, feedback, observability and the web console.
 *
 * <p>Entry point: {@link org.dxguard.service.DxGuardServer#start(ServiceConfig)}. Packages: {@code cdshooks} (wire
 * model), {@code http} (Jetty transport), {@code auth} (JWT), {@code prefetch} (prefetch and FHIR fetch),
 * {@code hooks} (the services and the orchestration of one call), {@code explanations}, {@code feedback},
 * {@code audit}, {@code observability}, {@code console}. The command line is the app module; the FHIR → facts
 * mapping is fhir-facts; the guard over model output is the safety module.
 */
package org.dxguard.service;
