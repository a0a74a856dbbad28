/**
 * Differential-diagnosis explanations from an OpenAI-compatible model through langchain4j, within a time budget.
 *
 * <p>Status: not yet implemented; see the open issue for this module.
 */
package org.dxguard.reasoner;
