package org.dxguard.service.hooks;

import java.time.Duration;
import org.dxguard.model.DxGuardException;

/**
 * How the medication-safety cards spend the clinician's attention.
 *
 * @param repeatWindow how long the same card (same patient, same rule, same facts) is not shown again (default
 *                     24 h; zero: no repeat memory, every card shown every time)
 * @param focus        true (default): on order-select/order-sign an interruptive card concerns the order being placed
 *                     or a fact that is new since the same card was last shown; standing problems go to the
 *                     patient-view medication review. false: the behaviour before issue 16 (every finding on every
 *                     order), kept for the alert-burden study's "before" figures.
 */
public record CardPolicy(Duration repeatWindow, boolean focus) {
    public static final Duration DEFAULT_REPEAT_WINDOW = Duration.ofHours(24);

    public CardPolicy {
        repeatWindow = repeatWindow == null ? DEFAULT_REPEAT_WINDOW : repeatWindow;
        if (repeatWindow.isNegative() || repeatWindow.compareTo(Duration.ofDays(30)) > 0) {
            throw new DxGuardException(CardErrors.INVALID_POLICY, "card repeat window was " + repeatWindow);
        }
    }

    public static CardPolicy defaults() {
        return new CardPolicy(DEFAULT_REPEAT_WINDOW, true);
    }

    /** Every finding on every order hook, nothing remembered: what the service did before issue 16. */
    public static CardPolicy everyFindingEveryTime() {
        return new CardPolicy(Duration.ZERO, false);
    }
}
