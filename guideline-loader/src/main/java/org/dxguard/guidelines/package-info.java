/**
 * Guideline package format, validation, scenario tests and hot reload.
 *
 * <p>Status: not yet implemented; see the open issue for this module.
 */
package org.dxguard.guidelines;
