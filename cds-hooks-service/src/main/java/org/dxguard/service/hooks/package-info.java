/**
 * The CDS services dxguard offers and the orchestration of one call.
 *
 * <p>Entry point: {@link org.dxguard.service.hooks.CdsHooksApi}, HTTP-agnostic: discovery, a hook call
 * (validate → prefetch → FHIR to facts → service → cards) and feedback, each returning an
 * {@link org.dxguard.service.hooks.ApiResult} with the HTTP status and body. The HTTP layer only adds transport,
 * CORS and authentication. Services: {@code dxguard-differential} (patient-view),
 * {@code dxguard-medication-select} (order-select) and {@code dxguard-medication-sign} (order-sign).
 */
package org.dxguard.service.hooks;
