/**
 * Internals of the load tools: {@link org.dxguard.service.bench.internal.CohortGenerator} (Synthea, offline,
 * seeded, cached), {@link org.dxguard.service.bench.internal.SyntheaRequests} and
 * {@link org.dxguard.service.bench.internal.DraftOrders} (a patient's CDS Hooks calls and draft orders),
 * {@link org.dxguard.service.bench.internal.DateShift}, {@link org.dxguard.service.bench.internal.LoadEngine}
 * (closed-loop clients or an open loop at a fixed rate, shared by {@code bench call} and {@code bench replay}),
 * {@link org.dxguard.service.bench.internal.Schedule} (the open loop's arrival times and token sizing),
 * {@link org.dxguard.service.bench.internal.TokenPool} and {@link org.dxguard.service.bench.internal.HookStats}.
 * Public only for the command line and this module's tests.
 */
package org.dxguard.service.bench.internal;
