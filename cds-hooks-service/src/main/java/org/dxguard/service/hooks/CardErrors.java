package org.dxguard.service.hooks;

import org.dxguard.model.ErrorCode;

/** Error codes of the card policy: repeat memory, override reasons, card metadata (DXG-0650…0669). */
public final class CardErrors {
    private CardErrors() {}

    public static final ErrorCode MEMORY_UNREADABLE = ErrorCode.of("DXG-0650", false,
        "The shown-cards memory under <data-dir>/cards/ could not be read or written; check the data directory's "
            + "permissions and disk space. A damaged line is named in the message; the file is never rewritten over it.");
    public static final ErrorCode OVERRIDE_REASON_REQUIRED = ErrorCode.of("DXG-0651", false,
        "A critical card was reported as overridden without an overrideReason; send the feedback again with one of "
            + "the card's overrideReasons. Nothing of this feedback request was stored.");
    public static final ErrorCode CARD_METADATA_INVALID = ErrorCode.of("DXG-0652", false,
        "guidelines/cards/*.csv (override reasons per rule, temporary holds) is invalid; fix the file and line named "
            + "in the message.");
    public static final ErrorCode INVALID_POLICY = ErrorCode.of("DXG-0653", false,
        "The card repeat window (--card-repeat-window) must be between 0 (no memory) and 30 days, e.g. 24h.");
}
