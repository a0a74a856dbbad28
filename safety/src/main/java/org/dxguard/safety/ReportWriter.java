package org.dxguard.safety;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.dxguard.model.Claim;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Veto;

/**
 * Writes a suite run as {@code safety-report.md}, {@code safety-report.html} and {@code TEST-safety.xml} (JUnit XML:
 * one test case per safety case, a failure per miss). Every report carries the rule set, veto rule base and model
 * versions, veto recall, false-veto rate, a per-rule confusion matrix and every miss in full.
 */
public final class ReportWriter {
    private ReportWriter() {}

    public static void write(SuiteRunner.SuiteResult r, Path dir, double maxFalseVetoRate) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("safety-report.md"), markdown(r, maxFalseVetoRate), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("safety-report.html"), html(r, maxFalseVetoRate), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("TEST-safety.xml"), junit(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DxGuardException(SafetyErrors.REPORT_FAILED, "cannot write the report to " + dir + ": " + e, e);
        }
    }

    /** A few lines for the console. */
    public static String summary(SuiteRunner.SuiteResult r, double maxFalseVetoRate) {
        return String.format(Locale.ROOT, "%d cases (%d original, %d mutations): veto recall %s (%d/%d), false-veto rate %s"
                + " (%d/%d safe cases), shown violations %d -> %s", r.results().size(),
            r.results().stream().filter(c -> c.safetyCase().mutation() == null).count(),
            r.results().stream().filter(c -> c.safetyCase().mutation() != null).count(),
            pct(r.vetoRecall()), r.caughtVetoes(), r.expectedVetoes(), pct(r.falseVetoRate()), r.falselyVetoed(),
            r.safeCases(), r.shownViolations(), r.meets(maxFalseVetoRate) ? "PASS" : "FAIL")
            + (r.results().stream().anyMatch(c -> c.units() != null) ? "\n" + units(r) : "");
    }

    /** The per-unit figures of the unit-scored (realistic-prose) cases. */
    public static String units(SuiteRunner.SuiteResult r) {
        return String.format(Locale.ROOT, "per unit: unsafe units caught %s (%d/%d), safe units vetoed %s (%d/%d), "
                + "safe answers rejected %d/%d", pct(r.unsafeUnits() == 0 ? 1.0 : (double) r.caughtUnsafeUnits()
                / r.unsafeUnits()), r.caughtUnsafeUnits(), r.unsafeUnits(), pct(r.unitFalseVetoRate()),
            r.falselyVetoedUnits(), r.safeUnits(), r.rejectedSafeAnswers(), r.unitScoredSafeAnswers());
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }

    static String markdown(SuiteRunner.SuiteResult r, double max) {
        StringBuilder b = new StringBuilder("# dxguard safety review\n\n");
        b.append("- Result: **").append(r.meets(max) ? "PASS" : "FAIL").append("** (veto recall must be 100 %, false-veto rate ≤ ")
            .append(pct(max)).append(", no vetoed claim shown)\n");
        b.append("- Veto recall: **").append(pct(r.vetoRecall())).append("** (").append(r.caughtVetoes()).append('/')
            .append(r.expectedVetoes()).append(" expected vetoes)\n");
        b.append("- False-veto rate: **").append(pct(r.falseVetoRate())).append("** (").append(r.falselyVetoed()).append('/')
            .append(r.safeCases()).append(" safe cases vetoed)\n");
        b.append("- Vetoed claims still shown: ").append(r.shownViolations()).append('\n');
        if (r.results().stream().anyMatch(c -> c.units() != null)) {
            b.append("- Realistic prose, ").append(units(r)).append(" (recall must be 100 %, safe units vetoed ≤ ")
                .append(pct(max)).append(", no safe answer rejected)\n");
        }
        b.append("- Cases: ").append(r.results().size()).append(" (").append(summary(r, max).replaceAll(":.*", "")).append(")\n");
        b.append("- Guideline rule set: `").append(r.rulesetVersion()).append("`\n");
        b.append("- Veto rule base: `").append(r.vetoRulesVersion()).append("`\n");
        b.append("- Models of the outputs: ").append(r.models().stream().map(m -> "`" + m + "`").collect(Collectors.joining(", ")))
            .append('\n');
        b.append("- Run: ").append(r.ranAt()).append(", ").append(r.took().toMillis()).append(" ms\n\n");
        b.append("## Per mutation\n\n| variant | cases | passed |\n|---|---:|---:|\n");
        Map<String, int[]> byMutation = new TreeMap<>();
        for (SuiteRunner.CaseResult c : r.results()) {
            int[] n = byMutation.computeIfAbsent(c.safetyCase().mutation() == null ? "(original)" : c.safetyCase().mutation(),
                k -> new int[2]);
            n[0]++;
            n[1] += c.passed() ? 1 : 0;
        }
        byMutation.forEach((k, n) -> b.append("| ").append(k).append(" | ").append(n[0]).append(" | ").append(n[1]).append(" |\n"));
        b.append("\n## Confusion matrix per rule\n\n(over cases: TP = expected and vetoed, FN = expected, not vetoed, "
            + "FP = vetoed, not expected, TN = neither)\n\n| rule | TP | FN | FP | TN | recall |\n|---|---:|---:|---:|---:|---:|\n");
        for (SuiteRunner.Confusion c : r.confusion()) {
            b.append("| ").append(c.ruleId()).append(" | ").append(c.tp()).append(" | ").append(c.fn()).append(" | ")
                .append(c.fp()).append(" | ").append(c.tn()).append(" | ")
                .append(c.tp() + c.fn() == 0 ? "–" : pct((double) c.tp() / (c.tp() + c.fn()))).append(" |\n");
        }
        List<SuiteRunner.CaseResult> misses = r.misses();
        b.append("\n## Misses (").append(misses.size()).append(")\n");
        for (SuiteRunner.CaseResult m : misses) {
            b.append("\n### ").append(m.safetyCase().id()).append("\n\n").append(miss(m).replace("\n", "\n\n")).append('\n');
        }
        if (misses.isEmpty()) {
            b.append("\nNone.\n");
        }
        return b.toString();
    }

    /** Everything about one miss, in plain text. */
    static String miss(SuiteRunner.CaseResult m) {
        SafetyCase c = m.safetyCase();
        StringBuilder b = new StringBuilder();
        b.append("file: ").append(c.file()).append(" | lang: ").append(c.lang()).append(" | mutation: ")
            .append(c.mutation() == null ? "none" : c.mutation()).append('\n');
        b.append("description: ").append(c.description()).append('\n');
        b.append("expected: ").append(c.expectAllowed() ? "allowed" : "vetoed by " + c.expectVetoed()).append('\n');
        b.append("vetoed by: ").append(m.vetoedBy()).append(" | missed: ").append(m.missed()).append(" | unexpected: ")
            .append(m.unexpected()).append('\n');
        if (m.error() != null) {
            b.append("error: ").append(m.error()).append('\n');
        }
        if (m.units() != null) {
            m.units().missedUnsafe().forEach(u -> b.append("UNSAFE UNIT NOT VETOED: ").append(u).append('\n'));
            m.units().falselyVetoed().forEach(u -> b.append("SAFE UNIT VETOED: ").append(u).append('\n'));
            if (m.units().rejected()) {
                b.append("SAFE ANSWER REJECTED: nothing of it would be shown\n");
            }
        }
        for (Veto v : m.shownViolations()) {
            b.append("SHOWN VIOLATION: ").append(v.ruleId()).append(" ").append(v.reason()).append('\n');
        }
        b.append("output: ").append(c.output()).append('\n');
        b.append("claims:\n");
        for (Claim k : m.claims()) {
            List<Veto> vs = m.vetoes().stream().filter(v -> v.claimId().equals(k.id())).toList();
            b.append("  - ").append(k.id()).append(' ').append(k.kind()).append(' ').append(k.subject())
                .append(k.action() == null ? "" : " action=" + k.action()).append(k.negated() ? " NEGATED" : "")
                .append(k.dose() == null ? "" : " dose=" + k.dose().amount() + " " + k.dose().unit() + " x"
                    + (k.dose().frequency() == null ? "?" : k.dose().frequency().perDay()) + "/day")
                .append(k.value() == null ? "" : " value=" + k.value()).append(" @").append(k.field())
                .append(vs.isEmpty() ? " allowed" : " VETOED by " + vs.stream().map(v -> v.ruleId() + " (" + v.reason() + ")")
                    .collect(Collectors.joining("; ")))
                .append('\n');
        }
        return b.toString();
    }

    static String html(SuiteRunner.SuiteResult r, double max) {
        StringBuilder b = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>dxguard safety review</title>"
            + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
            + "padding:4px 8px}.fail{color:#b00}.pass{color:#070}pre{white-space:pre-wrap;background:#f6f6f6;padding:8px}"
            + "</style></head><body><h1>dxguard safety review</h1>");
        b.append("<p class=\"").append(r.meets(max) ? "pass" : "fail").append("\"><b>").append(r.meets(max) ? "PASS" : "FAIL")
            .append("</b></p><ul><li>Veto recall: <b>").append(pct(r.vetoRecall())).append("</b> (").append(r.caughtVetoes())
            .append('/').append(r.expectedVetoes()).append(")</li><li>False-veto rate: <b>").append(pct(r.falseVetoRate()))
            .append("</b> (").append(r.falselyVetoed()).append('/').append(r.safeCases()).append(")</li><li>Vetoed claims shown: ")
            .append(r.shownViolations()).append("</li><li>Cases: ").append(r.results().size()).append("</li><li>Guideline rule set: <code>")
            .append(esc(r.rulesetVersion())).append("</code></li><li>Veto rule base: <code>").append(esc(r.vetoRulesVersion()))
            .append("</code></li><li>Models: ").append(esc(String.join(", ", r.models()))).append("</li></ul>");
        b.append("<h2>Confusion matrix per rule</h2><table><tr><th>rule</th><th>TP</th><th>FN</th><th>FP</th><th>TN</th></tr>");
        for (SuiteRunner.Confusion c : r.confusion()) {
            b.append("<tr><td>").append(esc(c.ruleId())).append("</td><td>").append(c.tp()).append("</td><td>").append(c.fn())
                .append("</td><td>").append(c.fp()).append("</td><td>").append(c.tn()).append("</td></tr>");
        }
        b.append("</table><h2>Misses (").append(r.misses().size()).append(")</h2>");
        for (SuiteRunner.CaseResult m : r.misses()) {
            b.append("<h3>").append(esc(m.safetyCase().id())).append("</h3><pre>").append(esc(miss(m))).append("</pre>");
        }
        return b.append("</body></html>\n").toString();
    }

    static String junit(SuiteRunner.SuiteResult r) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"dxguard-safety\" tests=\"").append(r.results().size()).append("\" failures=\"")
            .append(r.misses().size()).append("\" errors=\"0\" skipped=\"0\" time=\"")
            .append(String.format(Locale.ROOT, "%.3f", r.took().toMillis() / 1000.0)).append("\">\n");
        b.append("  <properties>\n    <property name=\"rulesetVersion\" value=\"").append(esc(r.rulesetVersion()))
            .append("\"/>\n    <property name=\"vetoRulesVersion\" value=\"").append(esc(r.vetoRulesVersion()))
            .append("\"/>\n    <property name=\"models\" value=\"").append(esc(String.join(",", r.models())))
            .append("\"/>\n    <property name=\"vetoRecall\" value=\"").append(pct(r.vetoRecall()))
            .append("\"/>\n    <property name=\"falseVetoRate\" value=\"").append(pct(r.falseVetoRate())).append("\"/>\n  </properties>\n");
        for (SuiteRunner.CaseResult c : r.results()) {
            b.append("  <testcase classname=\"safety.").append(esc(c.safetyCase().mutation() == null ? "original" : c.safetyCase().mutation()))
                .append("\" name=\"").append(esc(c.safetyCase().id())).append("\"");
            if (c.passed()) {
                b.append("/>\n");
            } else {
                b.append(">\n    <failure message=\"").append(esc(c.safetyCase().expectAllowed() ? "false veto by " + c.vetoedBy()
                    : !c.missed().isEmpty() ? "missed " + c.missed() : "false veto by " + c.vetoedBy())).append("\">").append(esc(miss(c))).append("</failure>\n  </testcase>\n");
            }
        }
        return b.append("</testsuite>\n").toString();
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
