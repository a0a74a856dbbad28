package org.dxguard.rules;

import org.dxguard.model.ErrorCode;

/** Stable error codes of message templates (range DXG-0540..0559, issue 20). */
public final class MessageErrors {
    private MessageErrors() {}

    /** A messages.yaml file cannot be read (not YAML, wrong shape). */
    public static final ErrorCode MESSAGES_INVALID = ErrorCode.of("DXG-0540", false,
        "Write messages.yaml as 'KEY: {en: \"...\", zh-CN: \"...\"}' (one entry per message key); see "
            + "guidelines/README.md, 'Messages'.");
    /** A message lacks a language its package declares (package.yaml 'languages'). */
    public static final ErrorCode MESSAGE_LANGUAGE_MISSING = ErrorCode.of("DXG-0541", false,
        "Add the missing language to the message in messages.yaml, or remove the language from package.yaml "
            + "'languages' (cards then fall back to English for that language).");
    /** A message template is not a valid ICU MessageFormat pattern, or languages use different parameters. */
    public static final ErrorCode MESSAGE_PATTERN_INVALID = ErrorCode.of("DXG-0542", false,
        "Fix the template: parameters are {name}, {name, number}, {name, plural, one {...} other {...}} or "
            + "{name, select, true {...} other {...}}; quote a literal brace or apostrophe as ''; every language must "
            + "use the same parameter names.");
    /** A summary formatted with sample parameters is 140 characters or longer. */
    public static final ErrorCode SUMMARY_TOO_LONG = ErrorCode.of("DXG-0543", false,
        "Shorten the summary (CDS Hooks requires fewer than 140 characters); give realistic sample values under "
            + "'sample:' if the default samples overstate a parameter's length.");
    /** A rule reports English text where its package declares more languages, or names a message that is not defined. */
    public static final ErrorCode RULE_TEXT_NOT_A_MESSAGE = ErrorCode.of("DXG-0544", false,
        "Replace the literal text in the rule's consequence by a message key of messages.yaml "
            + "(alert.warning(\"RULE-ID.summary\", \"param\", value, ...)) and define the key in every language.");
    /** A call asked for a locale the service does not render. */
    public static final ErrorCode LOCALE_UNSUPPORTED = ErrorCode.of("DXG-0545", false,
        "Use one of the supported locales (\"en\", \"zh-CN\") in the trusted-EHRs file's \"locale\" or in the "
            + "request's extension \"org.dxguard.locale\".");
}
