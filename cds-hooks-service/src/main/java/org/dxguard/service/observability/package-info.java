/**
 * What every layer of the service reports while it works: Prometheus meters
 * ({@link org.dxguard.service.observability.ServiceMetrics}, timed per
 * {@link org.dxguard.service.observability.Stage}), explanation outcomes
 * ({@link org.dxguard.service.observability.ModelOutcome}), request trace ids
 * ({@link org.dxguard.service.observability.TraceContext}: MDC, response headers, decision record) and the handler
 * that wraps each HTTP exchange ({@link org.dxguard.service.observability.ObservedHandler}). Below {@code hooks} and
 * {@code http}, which report to it; what exposes it ({@code /health/ready}, {@code /metrics}) is {@code monitoring}.
 */
package org.dxguard.service.observability;
