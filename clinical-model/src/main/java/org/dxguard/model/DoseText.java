package org.dxguard.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a dose written as text, for orders whose only dose is {@code dosageInstruction.text} or a sig
 * ("1 tab po bid", "500 mg twice daily", "2 tablets by mouth three times a day", "20 units at bedtime",
 * "0.5g bid", "每次0.5g，每日2次", "1片 一日三次"). Amount and unit must be stated and a frequency recognised;
 * anything else is empty: a dose is never completed by guessing.
 */
public final class DoseText {
    private static final String NUM = "([0-9]+(?:\\.[0-9]+)?|[一二两三四五六七八九十半])";
    private static final Pattern AMOUNT = Pattern.compile("(?:每次|每回|一次|q\\.?\\s*)?" + NUM
        + "\\s*(mg|g|mcg|µg|μg|ug|毫克|克|微克|units?|iu|u|单位|ml|毫升|tabs?|tablets?|pills?|caps?|capsules?|puffs?|片|粒|丸|揿|喷|支|袋)"
        + "(?![a-z])", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIMES_A_DAY = Pattern.compile(
        "(?:" + NUM + "\\s*(?:x|times?)\\s*(?:a|per|/)\\s*day)|(?:(?:每日|每天|一日|一天|日)\\s*" + NUM + "\\s*次)",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern EVERY_HOURS = Pattern.compile(
        "(?:q\\s*([0-9]{1,2})\\s*h(?:r|rs|ours?)?\\b)|(?:every\\s+([0-9]{1,2})\\s+hours?)|(?:每\\s*([0-9]{1,2})\\s*小时)",
        Pattern.CASE_INSENSITIVE);

    private DoseText() {}

    public static Optional<Dose> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.toLowerCase(Locale.ROOT).replace('，', ',').replace('；', ';');
        Matcher a = AMOUNT.matcher(t);
        if (!a.find()) {
            return Optional.empty();
        }
        double amount = number(a.group(1));
        if (!(amount > 0)) {
            return Optional.empty();
        }
        String unit = a.group(2);
        String rest = t.substring(0, a.start()) + " " + t.substring(a.end());
        DoseFrequency f = frequency(rest);
        if (f == null) {
            return Optional.empty();
        }
        return Optional.of(new Dose(amount, unit, f, null));
    }

    /** The frequency named in a sig, or null. "prn"/"as needed"/"必要时" marks it as needed. */
    public static DoseFrequency frequency(String sig) {
        String t = " " + sig.toLowerCase(Locale.ROOT) + " ";
        boolean prn = t.matches("(?s).*\\b(prn|as needed)\\b.*") || t.contains("必要时") || t.contains("需要时");
        Matcher x = TIMES_A_DAY.matcher(t);
        if (x.find()) {
            String n = x.group(1) != null ? x.group(1) : x.group(2);
            int count = (int) number(n);
            return count >= 1 ? new DoseFrequency(count, 1.0, prn) : null;
        }
        Matcher h = EVERY_HOURS.matcher(t);
        if (h.find()) {
            String n = h.group(1) != null ? h.group(1) : h.group(2) != null ? h.group(2) : h.group(3);
            int hours = Integer.parseInt(n);
            return hours >= 1 && hours <= 24 ? new DoseFrequency(1, hours / 24.0, prn) : null;
        }
        if (word(t, "qid") || t.contains("four times") || t.contains("每日四次") || t.contains("一日四次")) {
            return new DoseFrequency(4, 1.0, prn);
        }
        if (word(t, "tid") || t.contains("three times") || t.contains("每日三次") || t.contains("一日三次")
            || t.contains("每天三次")) {
            return new DoseFrequency(3, 1.0, prn);
        }
        if (word(t, "bid") || word(t, "b.i.d.") || t.contains("twice") || t.contains("每日两次")
            || t.contains("一日两次") || t.contains("每天两次") || t.contains("每日二次") || t.contains("一日二次")) {
            return new DoseFrequency(2, 1.0, prn);
        }
        if (word(t, "qod") || t.contains("every other day") || t.contains("隔日")) {
            return new DoseFrequency(1, 2.0, prn);
        }
        if (word(t, "weekly") || t.contains("once a week") || t.contains("每周一次") || t.contains("每周1次")) {
            return new DoseFrequency(1, 7.0, prn);
        }
        if (word(t, "qd") || word(t, "od") || word(t, "daily") || t.contains("once a day") || word(t, "qhs")
            || word(t, "hs") || t.contains("at bedtime") || t.contains("every day") || t.contains("every morning")
            || t.contains("every evening") || t.contains("每日一次") || t.contains("一日一次") || t.contains("每天一次")
            || t.contains("睡前") || word(t, "qam") || word(t, "qpm")) {
            return new DoseFrequency(1, 1.0, prn);
        }
        return null;
    }

    private static boolean word(String t, String w) {
        return Pattern.compile("(?<![a-z])" + Pattern.quote(w) + "(?![a-z])").matcher(t).find();
    }

    private static double number(String s) {
        return switch (s) {
            case "一" -> 1;
            case "二", "两" -> 2;
            case "三" -> 3;
            case "四" -> 4;
            case "五" -> 5;
            case "六" -> 6;
            case "七" -> 7;
            case "八" -> 8;
            case "九" -> 9;
            case "十" -> 10;
            case "半" -> 0.5;
            default -> Double.parseDouble(s);
        };
    }
}
