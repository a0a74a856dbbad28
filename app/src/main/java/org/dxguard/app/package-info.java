/**
 * The command line ({@code bin/dxguard}): picocli commands, one per user-facing job. Entry point:
 * {@link org.dxguard.app.DxGuardCommand#run(String[])}. Every option can also be set with a
 * {@code DXGUARD_*} environment variable; flags win.
 */
package org.dxguard.app;
