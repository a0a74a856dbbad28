package org.dxguard.rules.facts;

import java.util.Locale;

/** Number formatting for messages: no trailing ".0", at most two decimals. */
public final class Fmt {
    private Fmt() {}

    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
