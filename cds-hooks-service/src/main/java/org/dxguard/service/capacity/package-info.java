/**
 * How much work this instance takes on: {@link org.dxguard.service.capacity.Admission} bounds the hook calls that
 * decide at once and the time a call may wait for a slot, so that overload is refused at once ({@code 503},
 * {@code Retry-After}) instead of queued. Error codes in {@link org.dxguard.service.capacity.CapacityErrors}. Above
 * {@code observability}, below {@code prefetch} and {@code hooks}, which give up a slot while they wait for the FHIR
 * server or the model; the HTTP layer ({@code http.CdsHttpHandler}) takes a slot for each hook call first, before the token check and the
 * body, so that a refusal costs next to nothing.
 */
package org.dxguard.service.capacity;
