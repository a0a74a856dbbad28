/**
 * The dxguard service: CDS Hooks 2.0 over HTTP, caller authentication, prefetch, FHIR mapping, cards, feedback,
 * the decision record and the command line.
 *
 * <p>Entry points: {@link org.dxguard.service.DxGuardServer#start(ServiceConfig)} for the running service and
 * {@link org.dxguard.app.Main} ({@code bin/dxguard}) for the command line. Packages: {@code cdshooks} (wire
 * model), {@code http} (Jetty transport), {@code auth} (JWT), {@code fhir} (HAPI → clinical-model, prefetch),
 * {@code hooks} (the services and the orchestration of one call), {@code feedback}, {@code audit}, {@code cli}.
 * HAPI FHIR types never leave this module.
 */
package org.dxguard.service;
