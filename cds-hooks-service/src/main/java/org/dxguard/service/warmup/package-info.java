/**
 * Warm before ready: {@link org.dxguard.service.warmup.WarmUp} replays packaged synthetic calls through the real
 * call path (without the real decision log) before the instance reports itself ready, so that a new replica does not
 * serve its first minute with a cold JIT. Above {@code hooks} (it drives {@code CdsHooksApi}), below
 * {@code monitoring} (readiness reports it).
 */
package org.dxguard.service.warmup;
