package org.dxguard.reasoner.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;

/**
 * Reads a dose from free text: an amount (digits, number words, Chinese numerals; a range counts as its upper
 * bound), a unit (mg, g, mcg, units, mL and their spellings, 毫克, 克, 微克, 单位, 毫升), an optional frequency (bid, twice
 * daily, q12h, every 4-6 hours (the shorter interval), hourly, every 3 days, weekly, /day, 每日两次, 每6小时, 每小时 ...),
 * a stated daily maximum ("up to 24 mg a day", "no more than 4 g in 24 hours", "每日不超过2 g", "每日可用到 24 mg":
 * {@link Dose#maxPerDay()}) and a route when the text names one (gel, cream, IV, inhaled, 外用 ...). Concentrations and
 * lab units (mg/dL, units/kg) are not doses; an amount inside a stated maximum is not a dose either.
 */
final class DoseParser {
    private static final String UNITS = "milligrams?|micrograms?|millilit(?:re|er)s?|grams?|mg|mcg|µg|μg|ug|ml|g|"
        + "international units?|units?|iu|u|毫克|微克|毫升|克|国际单位|单位";
    private static final Pattern AMOUNT = Pattern.compile(
        "(\\d+(?:\\.\\d+)?)(?:\\s*(?:-|–|to|~|至|到)\\s*(\\d+(?:\\.\\d+)?))?\\s*(" + UNITS + ")"
            + "(?![A-Za-z])(?!\\s*/\\s*(?:dl|l\\b|ml|kg|mmol|min|m2|h\\b|hr|hour))", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEFORE = Pattern.compile(
        "(\\d+(?:\\.\\d+)?)\\s*(milligrams?|grams?|mg|mcg|g|units?|iu|毫克|克|单位)\\s*(?:of\\s*)?$", Pattern.CASE_INSENSITIVE);
    /** Words that make the amount after them a limit, not a dose. */
    private static final Pattern LIMIT = Pattern.compile("(?i)(\\bup\\s+to|\\bmaximum(?:\\s+of)?|\\bmax\\.?(?:imum)?|"
        + "\\bno\\s+more\\s+than|\\bnot\\s+(?:to\\s+)?exceed(?:ing)?|\\bexceed(?:ing)?|\\bat\\s+most|\\blimit(?:ed)?\\s+to|"
        + "\\bceiling|\\btotal(?:\\s+of)?|\\bless\\s+than|\\bbelow|\\bunder|\\bmore\\s+than|\\babove|\\bover|不超过|最多|"
        + "最大|上限|可用到|可加到|不宜超过|不得超过|总量|极量|以下|以上|低于|高于|超过)\\s*(?:of\\s+|为\\s*)?(?:a\\s+|the\\s+)?"
        + "(?:daily\\s+|total\\s+)?(?:dose\\s+(?:of\\s+)?)?$");
    private static final String AMT = "(\\d+(?:\\.\\d+)?)\\s*(" + UNITS + ")(?![A-Za-z])";
    private static final String PER_DAY = "(?:\\s*(?:a|per|/|in|each|every|over|in\\s+any)?\\s*(?:day|24\\s*-?\\s*h(?:ours?|rs?)?"
        + "(?:\\s+period)?|d\\b|daily))";
    private static final Pattern MAX_EN = Pattern.compile("(?i)(?:up\\s+to|maximum(?:\\s+of)?|max\\.?(?:imum)?|no\\s+more\\s+than"
        + "|not\\s+(?:to\\s+)?exceed(?:ing)?|do\\s+not\\s+exceed|at\\s+most|limit(?:ed)?\\s+to|ceiling\\s+of)\\s*(?:of\\s+)?"
        + "(?:a\\s+|the\\s+)?(?:daily\\s+|total\\s+)?(?:dose\\s+(?:of\\s+)?)?" + AMT + PER_DAY
        + "|(?i)(?:maximum|max\\.?)\\s+(?:daily|per\\s+day|a\\s+day)\\s+(?:dose\\s+)?(?:of\\s+)?(?:is\\s+)?" + AMT);
    private static final Pattern MAX_ZH = Pattern.compile("(?:每日|每天|一日|日|24\\s*小时(?:内)?)\\s*(?:总量|总剂量|剂量)?\\s*"
        + "(?:不超过|最多|最大|上限|可用到|可加到|不宜超过|不得超过|最多不超过|极量|最大剂量)\\s*(?:为|是)?\\s*" + AMT
        + "|(?:不超过|最多)\\s*(?:每日|每天|一日)\\s*" + AMT, Pattern.CASE_INSENSITIVE);

    private record Freq(Pattern pattern, int count, double period) {}

    private static final List<Freq> FREQS = List.of(
        f("\\b(?:bid|b\\.i\\.d\\.?|twice\\s+(?:a|per|each)\\s+day|twice\\s+daily|(?:two|2)\\s+times\\s+(?:a\\s+|per\\s+|each\\s+)?(?:day|daily)|2\\s*x\\s*(?:/|a|per)?\\s*day|2x\\s+daily|q12h|every\\s+12\\s+hours)", 2, 1),
        f("\\b(?:tid|t\\.i\\.d\\.?|(?:three|3)\\s+times\\s+(?:a\\s+|per\\s+|each\\s+)?(?:day|daily)|3\\s*x\\s*(?:/|a|per)?\\s*day|q8h|every\\s+8\\s+hours)", 3, 1),
        f("\\b(?:qid|q\\.i\\.d\\.?|(?:four|4)\\s+times\\s+(?:a\\s+|per\\s+|each\\s+)?(?:day|daily)|4\\s*x\\s*(?:/|a|per)?\\s*day|q6h|every\\s+6\\s+hours)", 4, 1),
        f("(?:\\bweekly|once\\s+a\\s+week|per\\s+week|/\\s*week|每周|每星期)", 1, 7),
        f("(?:\\bdaily|once\\s+a\\s+day|\\bqd\\b|\\bod\\b|q24h|per\\s+day|/\\s*day|\\ba\\s+day|each\\s+day|every\\s+day|nightly|at\\s+night|at\\s+bedtime|\\bqhs\\b|\\bqn\\b|every\\s+morning|每日|每天|每晚|睡前|/日|/天)", 1, 1));
    private static final Pattern ZH_TIMES = Pattern.compile("(?:每[日天]|[1一]?日|一天)\\s*(\\d+)(?:\\s*(?:-|–|~|至|到)\\s*(\\d+))?\\s*次");
    private static final Pattern EVERY_DAYS = Pattern.compile("every\\s+(\\d+)\\s+days", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVERY_HOURS = Pattern.compile("(?:every\\s+(\\d+)(?:\\s*(?:-|–|to)\\s*\\d+)?\\s*"
        + "(?:hours?|hrs?|h)\\b|\\bq\\s*(\\d+)(?:\\s*-\\s*\\d+)?\\s*h(?:r|rs|ours?)?\\b|每\\s*(\\d+)(?:\\s*(?:-|–|~|至)\\s*\\d+)?"
        + "\\s*(?:个)?小时)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOURLY = Pattern.compile("(?i)\\b(?:hourly|every\\s+hour|each\\s+hour|q1h|once\\s+an\\s+hour)\\b"
        + "|每小时|每1小时|每一小时");
    private static final Pattern ROUTE_TOPICAL = Pattern.compile("(?i)\\b(gel|cream|ointment|topical(?:ly)?|lotion|foam|"
        + "to\\s+the\\s+(?:knee|skin|joint|affected\\s+area))\\b|凝胶|乳膏|软膏|外用|涂抹|贴剂");
    private static final Pattern ROUTE_IV = Pattern.compile("(?i)\\b(iv|i\\.v\\.|intravenous(?:ly)?|infusion)\\b|静脉|静滴");
    private static final Pattern ROUTE_SC = Pattern.compile("(?i)\\b(sc|s\\.c\\.|subcut(?:aneous(?:ly)?)?)\\b|皮下");
    private static final Pattern ROUTE_IM = Pattern.compile("(?i)\\b(im|i\\.m\\.|intramuscular(?:ly)?)\\b|肌注|肌肉注射");
    private static final Pattern ROUTE_INH = Pattern.compile("(?i)\\b(inhal\\w*|puffs?|nebuli[sz]\\w*|inhaler)\\b|吸入");
    private static final Pattern ROUTE_NASAL = Pattern.compile("(?i)\\b(intranasal(?:ly)?|nasal\\s+spray)\\b|鼻喷");

    private static Freq f(String re, int count, double period) {
        return new Freq(Pattern.compile(re, Pattern.CASE_INSENSITIVE), count, period);
    }

    /** One amount found in a text: where, and whether it stands inside a stated limit. */
    record Amount(int start, int end, double amount, String unit, boolean limit) {}

    private DoseParser() {}

    /** The first dose in the text that is not a limit (numbers already normalised or not). */
    static Optional<Dose> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = NumberWords.normalise(text);
        for (Amount a : amounts(s)) {
            if (!a.limit()) {
                return Optional.of(dose(s, a));
            }
        }
        return Optional.empty();
    }

    /** The dose of amount {@code a} of text {@code s} (already normalised): frequency, daily maximum and route. */
    static Dose dose(String s, Amount a) {
        String after = s.substring(a.end(), Math.min(s.length(), a.end() + 60));
        String sched = cutAtLimit(after);
        Double max = maxPerDay(s.substring(a.start()), a.unit());
        return new Dose(a.amount(), a.unit(), frequency(sched).orElse(null), route(s), max);
    }

    /** "875/125 mg" (a combination product): the first component's amount, as the drug is named first. */
    private static final Pattern RATIO = Pattern.compile("(\\d+(?:\\.\\d+)?)(\\s*/\\s*\\d+(?:\\.\\d+)?)(?=\\s*(?:mg|mcg|g|毫克|克)(?![A-Za-z/]))",
        Pattern.CASE_INSENSITIVE);

    /** Every amount with a dose unit in {@code s} (normalised), in order. */
    static List<Amount> amounts(String s) {
        List<Amount> out = new ArrayList<>();
        Matcher r = RATIO.matcher(s);
        if (r.find()) {
            // keep offsets: blank the second component ("875/125 mg" → "875     mg")
            StringBuilder b = new StringBuilder(s);
            r.reset();
            while (r.find()) {
                for (int i = r.start(2); i < r.end(2); i++) {
                    b.setCharAt(i, ' ');
                }
            }
            s = b.toString();
        }
        Matcher m = AMOUNT.matcher(s);
        while (m.find()) {
            double amount = Double.parseDouble(m.group(1));
            if (m.group(2) != null) {
                amount = Math.max(amount, Double.parseDouble(m.group(2)));
            }
            if (!(amount > 0)) {
                continue;
            }
            String before = s.substring(Math.max(0, m.start() - 30), m.start());
            boolean limit = LIMIT.matcher(before).find() || perDayAfter(s, m.end()) && LIMIT.matcher(
                s.substring(Math.max(0, m.start() - 45), m.start())).find();
            out.add(new Amount(m.start(), m.end(), amount, unit(m.group(3)), limit || zhLimit(s, m.start())));
        }
        return out;
    }

    private static boolean perDayAfter(String s, int end) {
        return Pattern.compile("^" + PER_DAY, Pattern.CASE_INSENSITIVE).matcher(s.substring(end)).lookingAt();
    }

    private static boolean zhLimit(String s, int start) {
        String before = s.substring(Math.max(0, start - 14), start);
        return before.matches("(?s).*(?:不超过|最多|最大|上限|可用到|可加到|不宜超过|不得超过|极量|总量)\\s*(?:为|是)?\\s*$");
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
        String tail = cutAtLimit(NumberWords.normalise(after == null ? "" : after));
        return Optional.of(new Dose(amount, unit(m.group(2)),
            frequency(tail.substring(0, Math.min(40, tail.length()))).orElse(null), route(s + " " + tail),
            maxPerDay(NumberWords.normalise(after == null ? "" : after), unit(m.group(2)))));
    }

    /** The daily maximum the text states, in {@code unit} (mass units converted), or null. */
    static Double maxPerDay(String text, String unit) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = NumberWords.normalise(text);
        Matcher m = MAX_EN.matcher(s);
        Double v = null;
        if (m.find()) {
            v = m.group(1) != null ? convert(Double.parseDouble(m.group(1)), unit(m.group(2)), unit)
                : convert(Double.parseDouble(m.group(3)), unit(m.group(4)), unit);
        }
        Matcher z = MAX_ZH.matcher(s);
        if (v == null && z.find()) {
            v = z.group(1) != null ? convert(Double.parseDouble(z.group(1)), unit(z.group(2)), unit)
                : convert(Double.parseDouble(z.group(3)), unit(z.group(4)), unit);
        }
        return v == null || !(v > 0) ? null : v;
    }

    private static Double convert(double v, String from, String to) {
        if (from.equals(to)) {
            return v;
        }
        double f = grams(from);
        double t = grams(to);
        return f > 0 && t > 0 ? v * f / t : null;
    }

    private static double grams(String unit) {
        return switch (unit) {
            case "g" -> 1.0;
            case "mg" -> 0.001;
            case "mcg" -> 0.000001;
            default -> -1;
        };
    }

    /** The text before the first limit wording (so "up to 24 mg a day" does not read as a frequency). */
    static String cutAtLimit(String s) {
        Matcher m = Pattern.compile("(?i)\\b(up\\s+to|maximum|max\\.?|no\\s+more\\s+than|not\\s+(?:to\\s+)?exceed|do\\s+not"
            + "\\s+exceed|at\\s+most|limit(?:ed)?\\s+to)\\b|不超过|最多|最大|上限|可用到|可加到|不宜超过|不得超过|总量|极量|"
            + "(?:每日|每天|一日)(?=\\s*(?:不超过|最多|可用到|可加到|不宜超过|不得超过|总量|最大))").matcher(s);
        return m.find() ? s.substring(0, m.start()) : s;
    }

    static Optional<DoseFrequency> frequency(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = NumberWords.normalise(text);
        if (HOURLY.matcher(s).find()) {
            return Optional.of(new DoseFrequency(24, 1.0, false));
        }
        Matcher hours = EVERY_HOURS.matcher(s);
        if (hours.find()) {
            String g = hours.group(1) != null ? hours.group(1) : hours.group(2) != null ? hours.group(2) : hours.group(3);
            int h = Integer.parseInt(g);
            if (h >= 1 && h <= 24) {
                return Optional.of(new DoseFrequency(Math.max(1, 24 / h), 1.0, false));
            }
        }
        Matcher zh = ZH_TIMES.matcher(s);
        if (zh.find()) {
            int n = Integer.parseInt(zh.group(2) != null ? zh.group(2) : zh.group(1));
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
        return Optional.empty();
    }

    /** The route the text names, or null (oral is the table's default). */
    static String route(String s) {
        if (s == null) {
            return null;
        }
        if (ROUTE_TOPICAL.matcher(s).find()) {
            return "topical";
        }
        if (ROUTE_IV.matcher(s).find()) {
            return "intravenous";
        }
        if (ROUTE_SC.matcher(s).find()) {
            return "subcutaneous";
        }
        if (ROUTE_IM.matcher(s).find()) {
            return "intramuscular";
        }
        if (ROUTE_INH.matcher(s).find()) {
            return "inhalation";
        }
        if (ROUTE_NASAL.matcher(s).find()) {
            return "intranasal";
        }
        return null;
    }

    static String unit(String raw) {
        String u = raw.toLowerCase(Locale.ROOT).strip();
        return switch (u) {
            case "mg", "milligram", "milligrams", "毫克" -> "mg";
            case "g", "gram", "grams", "克" -> "g";
            case "mcg", "µg", "μg", "ug", "microgram", "micrograms", "微克" -> "mcg";
            case "ml", "millilitre", "millilitres", "milliliter", "milliliters", "毫升" -> "ml";
            default -> "units";
        };
    }
}
