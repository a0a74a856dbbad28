package org.dxguard.text.internal;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.text.Duration;
import org.dxguard.text.Span;

/**
 * Stated durations in English and Chinese: "for 3 weeks", "x2 days", "3-day history", "two months", "10 days ago",
 * "since yesterday", 3天, 三周, 2月余, 半年, 昨日起. A duration belongs to the mention nearest before it in the same
 * sentence ("cough for 3 weeks, fever for 2 days"), else to the first one after it ("3 days of cough").
 */
final class Durations {
    private static final String EN_NUM = "\\d+(?:\\.\\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
        + "eleven|twelve|fourteen|several|a few|few|a couple of|couple of";
    private static final Pattern EN = Pattern.compile("(?<![a-z0-9])(?:x\\s*|×\\s*)?(" + EN_NUM + ")\\s*-?\\s*"
        + "(hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?|y)(?![a-z])");
    private static final Pattern EN_SINCE = Pattern.compile("(?<![a-z])since (yesterday|last night|this morning|"
        + "last week|last month|last year)(?![a-z])");
    private static final Pattern ZH = Pattern.compile("(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十半几数]+)\\s*(?:个)?\\s*"
        + "(小时|天|日|周|星期|月|年)(?:余|多|前|来|许|半)?");
    private static final Pattern ZH_SINCE = Pattern.compile("(昨天|昨日|昨晚|今晨|今天|今日|上周|上月|去年)");
    private static final Map<String, Double> WORDS = Map.ofEntries(Map.entry("a", 1.0), Map.entry("an", 1.0),
        Map.entry("one", 1.0), Map.entry("two", 2.0), Map.entry("three", 3.0), Map.entry("four", 4.0),
        Map.entry("five", 5.0), Map.entry("six", 6.0), Map.entry("seven", 7.0), Map.entry("eight", 8.0),
        Map.entry("nine", 9.0), Map.entry("ten", 10.0), Map.entry("eleven", 11.0), Map.entry("twelve", 12.0),
        Map.entry("fourteen", 14.0), Map.entry("several", 3.0), Map.entry("a few", 3.0), Map.entry("few", 3.0),
        Map.entry("a couple of", 2.0), Map.entry("couple of", 2.0));

    private Durations() {}

    static List<Duration> find(String text, int from, int to) {
        String s = new String(Tokenizer.normalize(text.substring(from, to)));
        List<Duration> out = new ArrayList<>();
        Matcher m = EN.matcher(s);
        while (m.find()) {
            String unit = m.group(2);
            // a lone "d"/"h"/"w"/"y" only right after a number or x ("x3d", "2d"); "3 h" is fine too
            Double n = number(m.group(1));
            ChronoUnit u = enUnit(unit);
            if (n != null && u != null && !(unit.length() == 1 && !Character.isDigit(m.group(1).charAt(0)))) {
                out.add(new Duration(n, u, text.substring(from + m.start(), from + m.end()),
                    new Span(from + m.start(), from + m.end())));
            }
        }
        m = EN_SINCE.matcher(s);
        while (m.find()) {
            out.add(since(m.group(1), text, from, m));
        }
        m = ZH.matcher(s);
        while (m.find()) {
            Double n = zhNumber(m.group(1));
            ChronoUnit u = switch (m.group(2)) {
                case "小时" -> ChronoUnit.HOURS;
                case "天", "日" -> ChronoUnit.DAYS;
                case "周", "星期" -> ChronoUnit.WEEKS;
                case "月" -> ChronoUnit.MONTHS;
                default -> ChronoUnit.YEARS;
            };
            if (n != null) {
                if (m.group().endsWith("半")) {
                    n += 0.5;
                }
                out.add(new Duration(n, u, text.substring(from + m.start(), from + m.end()),
                    new Span(from + m.start(), from + m.end())));
            }
        }
        m = ZH_SINCE.matcher(s);
        while (m.find()) {
            out.add(since(m.group(1), text, from, m));
        }
        out.sort(java.util.Comparator.comparingInt(d -> d.span().start()));
        return out;
    }

    private static Duration since(String what, String text, int from, Matcher m) {
        double n = 1;
        ChronoUnit u = switch (what) {
            case "this morning", "今晨", "今天", "今日" -> {
                n = 0;
                yield ChronoUnit.DAYS;
            }
            case "last week", "上周" -> ChronoUnit.WEEKS;
            case "last month", "上月" -> ChronoUnit.MONTHS;
            case "last year", "去年" -> ChronoUnit.YEARS;
            default -> ChronoUnit.DAYS;
        };
        return new Duration(n, u, text.substring(from + m.start(), from + m.end()),
            new Span(from + m.start(), from + m.end()));
    }

    /**
     * The duration of a mention: the first one after it within 40 characters ("cough for 3 weeks", 咳嗽3天), else
     * the last one before it within 12 characters ("3 days of cough", 3天前出现发热).
     */
    static Duration nearest(List<Duration> durations, Span mention) {
        Duration before = null;
        for (Duration d : durations) {
            if (d.span().start() >= mention.end()) {
                if (d.span().start() - mention.end() <= 40) {
                    return d;
                }
            } else if (d.span().end() <= mention.start() && mention.start() - d.span().end() <= 12) {
                before = d;
            }
        }
        return before;
    }

    private static ChronoUnit enUnit(String u) {
        return switch (u.charAt(0)) {
            case 'h' -> ChronoUnit.HOURS;
            case 'd' -> ChronoUnit.DAYS;
            case 'w' -> ChronoUnit.WEEKS;
            case 'm' -> u.startsWith("mo") ? ChronoUnit.MONTHS : null;
            case 'y' -> ChronoUnit.YEARS;
            default -> null;
        };
    }

    private static Double number(String s) {
        String t = s.toLowerCase(Locale.ROOT).strip();
        if (Character.isDigit(t.charAt(0))) {
            return Double.parseDouble(t);
        }
        return WORDS.get(t);
    }

    static Double zhNumber(String s) {
        if (Character.isDigit(s.charAt(0))) {
            return Double.parseDouble(s);
        }
        if (s.equals("半")) {
            return 0.5;
        }
        if (s.equals("几") || s.equals("数")) {
            return 3.0;
        }
        String digits = "零一二三四五六七八九";
        double total = 0;
        double cur = 0;
        for (char c : s.toCharArray()) {
            int d = digits.indexOf(c);
            if (c == '两') {
                d = 2;
            }
            if (d >= 0) {
                cur = d;
            } else if (c == '十') {
                total += (cur == 0 ? 1 : cur) * 10;
                cur = 0;
            } else {
                return null;
            }
        }
        return total + cur;
    }
}
