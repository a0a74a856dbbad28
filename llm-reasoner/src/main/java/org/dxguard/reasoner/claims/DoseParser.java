package org.dxguard.reasoner.claims;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;

/**
 * Reads a dose from free text: an amount (digits, number words, Chinese numerals; a range counts as its upper
 * bound), a unit (mg, g, mcg, units and their spellings, 毫克, 克, 微克, 单位) and an optional frequency (bid, twice
 * daily, q12h, every 3 days, weekly, /day, 每日两次 ...). Concentrations and lab units (mg/dL, units/kg) are not doses.
 */
final class DoseParser {
    private static final Pattern AMOUNT = Pattern.compile(
        "(\\d+(?:\\.\\d+)?)(?:\\s*(?:-|–|to|~|至|到)\\s*(\\d+(?:\\.\\d+)?))?\\s*"
            + "(milligrams?|micrograms?|grams?|mg|mcg|µg|ug|g|international units?|units?|iu|u|毫克|微克|克|国际单位|单位)"
            + "(?![A-Za-z])(?!\\s*/\\s*(?:dl|l\\b|ml|kg|mmol|min|m2))", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEFORE = Pattern.compile(
        "(\\d+(?:\\.\\d+)?)\\s*(milligrams?|grams?|mg|mcg|g|units?|iu|毫克|克|单位)\\s*(?:of\\s*)?$", Pattern.CASE_INSENSITIVE);

    private record Freq(Pattern pattern, int count, double period) {}

    private static final List<Freq> FREQS = List.of(
        f("\\b(?:bid|b\\.i\\.d\\.?|twice\\s+(?:a|per|each)\\s+day|twice\\s+daily|(?:two|2)\\s+times\\s+(?:a\\s+|per\\s+|each\\s+)?(?:day|daily)|2\\s*x\\s*(?:/|a|per)?\\s*day|2x\\s+daily|q12h|every\\s+12\\s+hours)", 2, 1),
        f("\\b(?:tid|t\\.i\\.d\\.?|(?:three|3)\\s+times\\s+(?:a\\s+|per\\s+|each\\s+)?(?:day|daily)|3\\s*x\\s*(?:/|a|per)?\\s*day|q8h|every\\s+8\\s+hours)", 3, 1),
        f("\\b(?:qid|q\\.i\\.d\\.?|(?:four|4)\\s+times\\s+(?:a\\s+|per\\s+|each\\s+)?(?:day|daily)|4\\s*x\\s*(?:/|a|per)?\\s*day|q6h|every\\s+6\\s+hours)", 4, 1),
        f("(?:\\bweekly|once\\s+a\\s+week|per\\s+week|/\\s*week|每周|每星期)", 1, 7),
        f("(?:\\bdaily|once\\s+a\\s+day|\\bqd\\b|\\bod\\b|q24h|per\\s+day|/\\s*day|\\ba\\s+day|each\\s+day|every\\s+day|nightly|at\\s+night|at\\s+bedtime|\\bqhs\\b|\\bqn\\b|every\\s+morning|每日|每天|每晚|睡前|/日|/天)", 1, 1));
    private static final Pattern ZH_TIMES = Pattern.compile("(?:每[日天]|[1一]?日)\\s*(\\d+)\\s*次");
    private static final Pattern EVERY_DAYS = Pattern.compile("every\\s+(\\d+)\\s+days", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVERY_HOURS = Pattern.compile("(?:every\\s+(\\d+)\\s+hours|q(\\d+)h)", Pattern.CASE_INSENSITIVE);

    private static Freq f(String re, int count, double period) {
        return new Freq(Pattern.compile(re, Pattern.CASE_INSENSITIVE), count, period);
    }

    private DoseParser() {}

    /** The first dose in the text (numbers already normalised or not). */
    static Optional<Dose> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = NumberWords.normalise(text);
        Matcher m = AMOUNT.matcher(s);
        if (!m.find()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(m.group(1));
        if (m.group(2) != null) {
            amount = Math.max(amount, Double.parseDouble(m.group(2)));
        }
        if (!(amount > 0)) {
            return Optional.empty();
        }
        String unit = unit(m.group(3));
        String after = s.substring(m.end(), Math.min(s.length(), m.end() + 40));
        return Optional.of(new Dose(amount, unit, frequency(after).orElse(null), null));
    }

    /** A dose written just before a drug name ("1500 mg of metformin"). */
    static Optional<Dose> parseBefore(String text, String after) {
        String s = NumberWords.normalise(text);
        Matcher m = BEFORE.matcher(s.length() > 40 ? s.substring(s.length() - 40) : s);
        if (!m.find()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(m.group(1));
        if (!(amount > 0)) {
            return Optional.empty();
        }
        String tail = NumberWords.normalise(after == null ? "" : after);
        return Optional.of(new Dose(amount, unit(m.group(2)),
            frequency(tail.substring(0, Math.min(40, tail.length()))).orElse(null), null));
    }

    static Optional<DoseFrequency> frequency(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = NumberWords.normalise(text);
        Matcher zh = ZH_TIMES.matcher(s);
        if (zh.find()) {
            int n = Integer.parseInt(zh.group(1));
            if (n >= 1 && n <= 24) {
                return Optional.of(new DoseFrequency(n, 1.0, false));
            }
        }
        Matcher days = EVERY_DAYS.matcher(s);
        if (days.find()) {
            return Optional.of(new DoseFrequency(1, Math.max(1, Integer.parseInt(days.group(1))), false));
        }
        for (Freq f : FREQS) {
            if (f.pattern().matcher(s).find()) {
                return Optional.of(new DoseFrequency(f.count(), f.period(), false));
            }
        }
        Matcher hours = EVERY_HOURS.matcher(s);
        if (hours.find()) {
            int h = Integer.parseInt(hours.group(1) != null ? hours.group(1) : hours.group(2));
            if (h >= 1 && h <= 24) {
                return Optional.of(new DoseFrequency(Math.max(1, 24 / h), 1.0, false));
            }
        }
        return Optional.empty();
    }

    static String unit(String raw) {
        String u = raw.toLowerCase(Locale.ROOT).strip();
        return switch (u) {
            case "mg", "milligram", "milligrams", "毫克" -> "mg";
            case "g", "gram", "grams", "克" -> "g";
            case "mcg", "µg", "ug", "microgram", "micrograms", "微克" -> "mcg";
            default -> "units";
        };
    }
}
