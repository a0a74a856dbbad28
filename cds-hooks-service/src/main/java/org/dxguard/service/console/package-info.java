/**
 * The read-only web console for safety reviewers and guideline authors (decision records, the veto report of the
 * safety suites, override rates per rule, guideline packages with their scenario results). Entry point:
 * {@link org.dxguard.service.console.ConsoleRoute}, registered by {@code DxGuardServer} unless {@code --no-console}.
 * Pages, stylesheet and script are classpath resources under {@code org/dxguard/service/console/}.
 */
package org.dxguard.service.console;
