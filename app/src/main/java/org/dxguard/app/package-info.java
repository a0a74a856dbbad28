/**
 * The application (the app module): {@link org.dxguard.app.Main} and the command line ({@code bin/dxguard}), one
 * picocli command per user-facing job, wiring the other modules. Entry point:
 * {@link org.dxguard.app.DxGuardCommand#run(String[])}. The options of {@code serve}, and {@code --data-dir}
 * everywhere, can also be set with a {@code DXGUARD_*} environment variable; flags win.
 */
package org.dxguard.app;
