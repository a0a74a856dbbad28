package org.dxguard.reasoner.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes identifier-shaped substrings (emails, URLs, FHIR references, UUIDs, dates, phone/SSN/record numbers) from
 * short terminology texts (code displays, knowledge-graph labels) before they enter a prompt. It is a second line
 * of defence: the case renderer never uses free text in the first place, because names cannot be found by patterns.
 */
public final class Scrubber {
    static final String REDACTED = "[redacted]";
    static final String DATE = "[date]";

    private static final String MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";
    private static final List<Pattern> IDENTIFIERS = List.of(
        Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"),
        Pattern.compile("(?i)\\b(?:https?|ftp|urn):[^\\s,;]+"),
        Pattern.compile("(?i)\\bwww\\.[^\\s,;]+"),
        Pattern.compile("\\b(?:Patient|Observation|Condition|Medication\\w*|Encounter|Practitioner\\w*|Organization|Person"
            + "|RelatedPerson|AllergyIntolerance|ServiceRequest|DiagnosticReport|Procedure|Immunization|Coverage"
            + "|Claim|Location|Device|Specimen|DocumentReference|Binary)/\\S+"),
        Pattern.compile("\\b[A-Z][A-Za-z]{3,}/[A-Za-z0-9.\\-]*\\d[A-Za-z0-9.\\-]*"),
        Pattern.compile("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"),
        Pattern.compile("(?i)\\b(?:mrn|ssn|nhs|medical record|record|patient|pt|id|acct|account)\\s*(?:no\\.?|number|#|:)?\\s*[:#]?\\s*[A-Za-z]*\\d[\\w-]*"),
        Pattern.compile("\\b[A-Za-z]{0,3}\\d{5,}[A-Za-z0-9]*\\b"));
    private static final List<Pattern> DATES = List.of(
        Pattern.compile("\\b\\d{4}-\\d{1,2}-\\d{1,2}(?:[T ][0-9:.]+(?:Z|[+-]\\d{2}:?\\d{2})?)?"),
        Pattern.compile("\\b\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}\\b"),
        Pattern.compile("(?i)\\b\\d{1,2}(?:st|nd|rd|th)?\\s+" + MONTH + ",?\\s+\\d{2,4}\\b"),
        Pattern.compile("(?i)\\b" + MONTH + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{2,4}\\b"),
        Pattern.compile("(?i)\\b" + MONTH + "\\s+\\d{4}\\b"));

    /** Phone, fax, SSN-like numbers: replaced only when they hold at least seven digits. */
    private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d\\s().-]{5,}\\d");

    private Scrubber() {}

    private static int digits(String s) {
        return (int) s.chars().filter(Character::isDigit).count();
    }

    /** The text with identifier-shaped parts replaced; null stays null. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String s = text.replaceAll("[\\p{Cntrl}&&[^\n]]", " ");
        for (Pattern p : DATES) {
            s = p.matcher(s).replaceAll(DATE);
        }
        for (Pattern p : IDENTIFIERS) {
            s = p.matcher(s).replaceAll(REDACTED);
        }
        s = PHONE.matcher(s).replaceAll(m -> digits(m.group()) >= 7 ? REDACTED : m.group());
        return s.replaceAll("\\s+", " ").strip();
    }

    /** True when scrubbing changed nothing. */
    public static boolean isClean(String text) {
        return text == null || scrub(text).equals(text.replaceAll("\\s+", " ").strip());
    }
}
