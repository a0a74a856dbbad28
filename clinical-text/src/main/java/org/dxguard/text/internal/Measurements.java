package org.dxguard.text.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.text.Measurement;
import org.dxguard.text.SectionKind;
import org.dxguard.text.Sentence;
import org.dxguard.text.Span;
import org.dxguard.text.TextErrors;

/**
 * Measured values in the text, from {@code measurements.tsv}: a name (regular expression over the lower-cased
 * text, English or Chinese), up to eight filler characters (体温最高, "up to"), a number (two for blood pressure)
 * and an optional unit. A value outside the kind's plausible range for its unit is not read (a date or a dose is not
 * a heart rate). One-letter names (T, P, R, K) must be upper case in the text.
 */
final class Measurements {
    /** One row of measurements.tsv. */
    record Kind(String id, Code code, String labelEn, String labelZh, String category, Pattern pattern,
                List<Unit> units, boolean pair) {}

    /** A written unit (regular expression, anchored after the value) → UCUM code, with the plausible range. */
    record Unit(Pattern written, String ucum, double min, double max) {}

    static final List<Kind> KINDS = load();
    /** All kinds' names in one pattern (group i + 1 = kind i): one scan of the text instead of one per kind. */
    private static final Pattern NAMES = names();

    private Measurements() {}

    private static List<Kind> load() {
        List<Kind> out = new ArrayList<>();
        for (String[] r : DataFiles.packaged("measurements.tsv")) {
            if (r.length < 7) {
                throw new DxGuardException(TextErrors.INVALID_DATA, "measurements.tsv: row needs 7 columns: "
                    + String.join(" ", r));
            }
            List<Unit> units = new ArrayList<>();
            for (String u : r[6].split(";")) {
                if (u.isBlank()) {
                    continue;
                }
                String[] p = u.split("=");
                if (p.length != 4) {
                    throw new DxGuardException(TextErrors.INVALID_DATA, "measurements.tsv: unit '" + u
                        + "' must be written-regex=UCUM=min=max");
                }
                units.add(new Unit(Pattern.compile("^\\s*(?:" + p[0] + ")"), p[1], Double.parseDouble(p[2]),
                    Double.parseDouble(p[3])));
            }
            boolean pair = r[0].equals("blood-pressure");
            String num = "(\\d{1,4}(?:\\.\\d+)?)";
            String value = pair ? num + "\\s*/\\s*" + num : num;
            Pattern p = Pattern.compile("(?<![a-z])(" + r[5] + ")(?![a-z])[^\\d\\n]{0,8}?" + value);
            out.add(new Kind(r[0], DataFiles.code(r[1], "measurements.tsv"), r[2], r[3], r[4], p, units, pair));
        }
        return List.copyOf(out);
    }

    private static Pattern names() {
        StringBuilder b = new StringBuilder("(?<![a-z])(?:");
        for (int i = 0; i < KINDS.size(); i++) {
            String p = KINDS.get(i).pattern().pattern();
            String names = p.substring("(?<![a-z])(".length(), p.indexOf(")(?![a-z])"));
            b.append(i == 0 ? "" : "|").append("(").append(names).append(")(?![a-z])");
        }
        return Pattern.compile(b.append(")").toString());
    }

    static List<Measurement> find(String text, List<Sentence> sentences) {
        String norm = new String(Tokenizer.normalize(text));
        List<Measurement> out = new ArrayList<>();
        List<Span> taken = new ArrayList<>();
        Matcher nm = NAMES.matcher(norm);
        while (nm.find()) {
            int g = 1;
            while (g <= KINDS.size() && nm.group(g) == null) {
                g++;
            }
            if (g > KINDS.size()) {
                continue;
            }
            Kind k = KINDS.get(g - 1);
            Matcher m = k.pattern().matcher(norm);
            m.region(nm.start(), Math.min(norm.length(), nm.start() + 64));
            if (m.lookingAt()) {
                String name = m.group(1);
                if (name.length() == 1 && !Character.isUpperCase(text.charAt(m.start(1)))) {
                    continue;
                }
                int valueEnd = k.pair() ? m.end(3) : m.end(2);
                double v = Double.parseDouble(m.group(2));
                Double v2 = k.pair() ? Double.parseDouble(m.group(3)) : null;
                String rest = norm.substring(valueEnd, Math.min(norm.length(), valueEnd + 16));
                Unit unit = null;
                int unitLen = 0;
                for (Unit u : k.units()) {
                    Matcher um = u.written().matcher(rest);
                    if (um.find() && um.end() > unitLen) {
                        unit = u;
                        unitLen = um.end();
                    }
                }
                String ucum;
                if (unit != null) {
                    if (v < unit.min() || v > unit.max()) {
                        continue;
                    }
                    ucum = unit.ucum();
                } else {
                    Unit fit = null;
                    for (Unit u : k.units()) {
                        if (v >= u.min() && v <= u.max()) {
                            fit = u;
                            break;
                        }
                    }
                    if (fit == null) {
                        continue;
                    }
                    ucum = fit.ucum();
                }
                Span span = new Span(m.start(1), valueEnd + unitLen);
                if (taken.stream().anyMatch(s -> s.overlaps(span))) {
                    continue;
                }
                taken.add(span);
                out.add(new Measurement(k.id(), k.code(), k.labelEn(), v, v2, ucum, span.of(text), span,
                    sectionAt(sentences, span.start())));
            }
        }
        out.sort(java.util.Comparator.comparingInt(x -> x.span().start()));
        return out;
    }

    static SectionKind sectionAt(List<Sentence> sentences, int offset) {
        SectionKind k = SectionKind.UNLABELED;
        for (Sentence s : sentences) {
            if (s.span().start() <= offset) {
                k = s.section();
            } else {
                break;
            }
        }
        return k;
    }
}
