/**
 * Internals of the load tools: {@link org.dxguard.bench.internal.LoadEngine} (closed-loop clients or an open loop
 * at a fixed rate, shared by {@code bench call} and {@code bench replay}), {@link org.dxguard.bench.internal.Schedule}
 * (the open loop's arrival times and token sizing), {@link org.dxguard.bench.internal.TokenPool} and
 * {@link org.dxguard.bench.internal.HookStats}. Not for use outside this module.
 */
package org.dxguard.bench.internal;
