package org.dxguard.reasoner.claims;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites numbers written as words ("two thousand", "两千五百") as digits, and drops thousands separators. */
final class NumberWords {
    private static final Map<String, Integer> SMALL = Map.ofEntries(
        Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
        Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9),
        Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13),
        Map.entry("fourteen", 14), Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
        Map.entry("eighteen", 18), Map.entry("nineteen", 19), Map.entry("twenty", 20), Map.entry("thirty", 30),
        Map.entry("forty", 40), Map.entry("fifty", 50), Map.entry("sixty", 60), Map.entry("seventy", 70),
        Map.entry("eighty", 80), Map.entry("ninety", 90));
    private static final String WORD = "(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
        + "|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
        + "|hundred|thousand)";
    private static final Pattern EN_RUN = Pattern.compile("(?i)(?<![A-Za-z])" + WORD + "(?:(?:[\\s-]+(?:and[\\s-]+)?)"
        + WORD + ")*(?![A-Za-z])");
    private static final Pattern ZH_RUN = Pattern.compile("[零一二两三四五六七八九十百千万]+");
    private static final Pattern THOUSANDS = Pattern.compile("(\\d),(\\d{3})(?!\\d)");

    private NumberWords() {}

    static String normalise(String text) {
        String s = THOUSANDS.matcher(text).replaceAll("$1$2");
        s = replace(EN_RUN, s, NumberWords::english);
        return replace(ZH_RUN, s, NumberWords::chinese);
    }

    private static String replace(Pattern p, String s, java.util.function.Function<String, Long> f) {
        Matcher m = p.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Long v = f.apply(m.group());
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : String.valueOf(v)));
        }
        m.appendTail(b);
        return b.toString();
    }

    static Long english(String run) {
        long total = 0;
        long current = 0;
        boolean any = false;
        for (String w : run.toLowerCase(Locale.ROOT).split("[\\s-]+")) {
            if (w.isEmpty() || w.equals("and")) {
                continue;
            }
            any = true;
            if (w.equals("hundred")) {
                current = (current == 0 ? 1 : current) * 100;
            } else if (w.equals("thousand")) {
                total += (current == 0 ? 1 : current) * 1000;
                current = 0;
            } else {
                Integer v = SMALL.get(w);
                if (v == null) {
                    return null;
                }
                current += v;
            }
        }
        return any ? total + current : null;
    }

    static Long chinese(String run) {
        long total = 0;
        long section = 0;
        long num = 0;
        for (char c : run.toCharArray()) {
            int d = "零一二三四五六七八九".indexOf(c);
            if (c == '两') {
                d = 2;
            }
            if (d >= 0) {
                num = d;
            } else if (c == '十' || c == '百' || c == '千') {
                long unit = c == '十' ? 10 : c == '百' ? 100 : 1000;
                section += (num == 0 ? 1 : num) * unit;
                num = 0;
            } else if (c == '万') {
                total += (section + num) * 10000;
                section = 0;
                num = 0;
            }
        }
        return total + section + num;
    }
}
