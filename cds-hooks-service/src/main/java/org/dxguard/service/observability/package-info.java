/**
 * Observability of the running service: readiness ({@code GET /health/ready}, {@link
 * org.dxguard.service.observability.Readiness}), Prometheus metrics ({@code GET /metrics}, {@link
 * org.dxguard.service.observability.ServiceMetrics}, timed per {@link org.dxguard.service.observability.Stage}),
 * and request trace ids ({@link org.dxguard.service.observability.TraceContext}: MDC, response headers, decision
 * record). Entry point: {@link org.dxguard.service.observability.Observability}, started by {@code DxGuardServer}.
 */
package org.dxguard.service.observability;
