/**
 * Guideline rules engine (Drools executable model) over clinical-model facts; veto evaluation of model claims.
 *
 * <p>Status: not yet implemented; see the open issue for this module.
 */
package org.dxguard.rules;
