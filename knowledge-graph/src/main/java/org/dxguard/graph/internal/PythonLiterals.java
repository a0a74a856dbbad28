package org.dxguard.graph.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the small subset of Python literals found in DDXPlus CSV cells: nested lists of quoted strings and
 * numbers, e.g. {@code [['Pneumonia', 0.098], ['URTI', 0.07]]} or {@code ['E_53', 'E_54_@_V_179']}.
 */
final class PythonLiterals {
    private final String s;
    private int i;

    private PythonLiterals(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        PythonLiterals p = new PythonLiterals(text.trim());
        Object v = p.value();
        p.ws();
        if (p.i != p.s.length()) {
            throw new IllegalArgumentException("unexpected text at " + p.i + " in " + abbreviate(text));
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static List<String> stringList(String text) {
        List<Object> l = (List<Object>) parse(text);
        List<String> out = new ArrayList<>(l.size());
        l.forEach(o -> out.add((String) o));
        return out;
    }

    private Object value() {
        ws();
        if (i >= s.length()) {
            throw new IllegalArgumentException("unexpected end of literal");
        }
        char c = s.charAt(i);
        if (c == '[' || c == '(') {
            char close = c == '[' ? ']' : ')';
            i++;
            List<Object> list = new ArrayList<>();
            ws();
            if (s.charAt(i) == close) {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                ws();
                char d = s.charAt(i++);
                if (d == close) {
                    return list;
                }
                if (d != ',') {
                    throw new IllegalArgumentException("expected ',' at " + (i - 1) + " in " + abbreviate(s));
                }
                ws();
                if (s.charAt(i) == close) {
                    i++;
                    return list;
                }
            }
        }
        if (c == '\'' || c == '"') {
            i++;
            StringBuilder b = new StringBuilder();
            while (s.charAt(i) != c) {
                char ch = s.charAt(i++);
                if (ch == '\\') {
                    ch = s.charAt(i++);
                }
                b.append(ch);
            }
            i++;
            return b.toString();
        }
        int start = i;
        while (i < s.length() && "+-.0123456789eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        if (start == i) {
            throw new IllegalArgumentException("unexpected '" + c + "' at " + i + " in " + abbreviate(s));
        }
        return Double.parseDouble(s.substring(start, i));
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private static String abbreviate(String t) {
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
