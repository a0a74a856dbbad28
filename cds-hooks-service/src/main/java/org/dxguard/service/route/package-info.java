/**
 * The HTTP layer's extension point: {@link org.dxguard.service.route.Route}, a page or API served beside the CDS
 * Hooks endpoints. Implemented by {@code explanations} (explanation pages), {@code monitoring} (health, metrics) and
 * {@code console}; {@link org.dxguard.service.DxGuardServer} registers them and {@code http} tries them in order.
 * Its own package so that the packages serving routes need not depend on the HTTP handler.
 */
package org.dxguard.service.route;
