/** Facts of the veto rule base ({@code veto-rules.drl}): claims and what they may refer to. */
package org.dxguard.rules.veto.facts;
