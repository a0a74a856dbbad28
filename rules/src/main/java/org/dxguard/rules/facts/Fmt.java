package org.dxguard.rules.facts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Number formatting for messages: no trailing ".0", at most two decimals. */
public final class Fmt {
    private Fmt() {}

    /**
     * The number with at most two decimals, trailing zeros and a trailing point dropped: what
     * {@code String.format(Locale.ROOT, "%.2f", v)} gives with those stripped ({@code Formatter} rounds the shortest
     * decimal form of the double, {@link Double#toString}'s digits, half up; so does this, without the formatter's
     * parsing, locale symbols and two regular expressions per number: issue 21, this ran for every lab value of a
     * call). {@code FmtTest} compares both on edge cases and 100,000 random values.
     */
    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (!Double.isFinite(v)) {
            return formatted(v);
        }
        BigDecimal rounded = new BigDecimal(Double.toString(v)).setScale(2, RoundingMode.HALF_UP);
        String s = rounded.toPlainString();
        if (v < 0 && rounded.signum() == 0) {
            s = "-" + s; // the formatter keeps the sign of a negative number that rounds to zero ("-0.00")
        }
        int end = s.length();
        if (s.indexOf('.') >= 0) {
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
        }
        return s.substring(0, end);
    }

    /** The formatter's reading (kept for what {@link #num} does not read itself: NaN and the infinities). */
    static String formatted(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
