/**
 * What operators' probes and scrapers call: readiness ({@code GET /health/ready},
 * {@link org.dxguard.service.monitoring.Readiness}: rules, graph, model, audit, data directory) and the Prometheus
 * exposition ({@code GET /metrics}, {@link org.dxguard.service.monitoring.MetricsRoute}) of the meters in
 * {@code observability}. Entry point: {@link org.dxguard.service.monitoring.Observability}, started by
 * {@code DxGuardServer}, which also wraps the HTTP handler with it.
 */
package org.dxguard.service.monitoring;
