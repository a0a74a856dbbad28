/**
 * HTTP transport on Jetty 12 (core handlers, no servlets): routing, CORS, body limits, caller authentication and
 * JSON answers. Internal to the service; {@link org.dxguard.service.DxGuardServer} wires it.
 */
package org.dxguard.service.http;
