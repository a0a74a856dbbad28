package org.dxguard.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dxguard.graph.internal.DdxplusData;
import org.dxguard.model.Candidate;
import org.dxguard.model.Finding;

/**
 * The DDXPlus benchmark: imports the DDXPlus graph learned from {@code train} into {@code g}, ranks every patient
 * of {@code test} (closed world: a DDXPlus patient answered the whole questionnaire) and compares with the
 * ground truth. Metrics (Fansi Tchango et al., 2022):
 * <ul>
 *   <li>GTPA@1/3/5: the ground-truth pathology is among the first 1/3/5 candidates of our differential;</li>
 *   <li>DDR, DDP, DDF1: per-patient recall, precision and F1 of our differential (all included candidates, not
 *   truncated to k) against the ground-truth differential column (every pathology it lists), averaged over
 *   patients;</li>
 *   <li>severity recall: of all severity 1–2 pathologies in the ground-truth differentials, the fraction that is
 *   on our card — in the differential or in the "do not miss" slot ({@link Differential#doNotMiss()}) — (item
 *   level); {@code severity_recall_patients}: the fraction of patients with such pathologies for whom all of them
 *   are on the card; the {@code _differential_only} variants leave the slot out, {@code DDF1_with_do_not_miss}
 *   counts the slot as part of the differential;</li>
 *   <li>latency p50/p95 of {@link KnowledgeGraph#rank} (milliseconds, wall clock incl. Bolt round trips).</li>
 * </ul>
 */
public final class DdxplusEvaluation {
    private DdxplusEvaluation() {}

    /** The figures; {@link #toLines()} gives {@code name=value} lines. */
    public record Report(int patients, int k, double gtpa1, double gtpa3, double gtpa5, double gtpaK, double ddr,
                         double ddp, double ddf1, double severityRecall, double severityRecallPatients,
                         double meanDifferentialSize, double latencyP50Ms, double latencyP95Ms,
                         String knowledgeBaseVersion, double ddf1WithDoNotMiss, double severityRecallDifferential,
                         double severityRecallPatientsDifferential, double meanDoNotMissSize) {
        public List<String> toLines() {
            List<String> l = new ArrayList<>();
            l.add("patients=" + patients);
            l.add("GTPA@1=" + f(gtpa1));
            l.add("GTPA@3=" + f(gtpa3));
            l.add("GTPA@5=" + f(gtpa5));
            if (k != 1 && k != 3 && k != 5) {
                l.add("GTPA@" + k + "=" + f(gtpaK));
            }
            l.add("DDR=" + f(ddr));
            l.add("DDP=" + f(ddp));
            l.add("DDF1=" + f(ddf1));
            l.add("severity_recall=" + f(severityRecall));
            l.add("severity_recall_patients=" + f(severityRecallPatients));
            l.add("severity_recall_differential_only=" + f(severityRecallDifferential));
            l.add("severity_recall_patients_differential_only=" + f(severityRecallPatientsDifferential));
            l.add("DDF1_with_do_not_miss=" + f(ddf1WithDoNotMiss));
            l.add("mean_differential_size=" + String.format(Locale.ROOT, "%.2f", meanDifferentialSize));
            l.add("mean_do_not_miss_size=" + String.format(Locale.ROOT, "%.2f", meanDoNotMissSize));
            l.add("latency_p50_ms=" + String.format(Locale.ROOT, "%.2f", latencyP50Ms));
            l.add("latency_p95_ms=" + String.format(Locale.ROOT, "%.2f", latencyP95Ms));
            l.add("knowledge_base=" + knowledgeBaseVersion);
            return l;
        }

        static String f(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
    }

    public static Report run(KnowledgeGraph g, Path ddxplusDir, Path train, Path test, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1");
        }
        g.imports().importDdxplus(ddxplusDir, train);
        DdxplusData data = DdxplusData.load(ddxplusDir);
        List<DdxplusData.PatientCase> cases = DdxplusData.readPatients(test);
        int maxK = Math.max(k, data.pathologies().size());
        // warm-up (JIT, query plans) on a few patients, not measured
        for (int i = 0; i < Math.min(20, cases.size()); i++) {
            g.rank(query(cases.get(i), maxK));
        }
        int n = cases.size();
        double g1 = 0, g3 = 0, g5 = 0, gk = 0, ddr = 0, ddp = 0, ddf1 = 0, size = 0, ddf1Card = 0, dnmSize = 0;
        int sevTotal = 0, sevHit = 0, sevPatients = 0, sevPatientsAll = 0, sevHitDiff = 0, sevPatientsAllDiff = 0;
        double[] latencies = new double[n];
        for (int i = 0; i < n; i++) {
            DdxplusData.PatientCase c = cases.get(i);
            long t0 = System.nanoTime();
            Differential d = g.rank(query(c, maxK));
            latencies[i] = (System.nanoTime() - t0) / 1e6;
            List<String> names = d.candidates().stream().map(Candidate::name).toList();
            int rank = names.indexOf(c.pathology());
            g1 += rank == 0 ? 1 : 0;
            g3 += rank >= 0 && rank < 3 ? 1 : 0;
            g5 += rank >= 0 && rank < 5 ? 1 : 0;
            gk += rank >= 0 && rank < k ? 1 : 0;
            Set<String> ours = new HashSet<>(names);
            Set<String> card = new HashSet<>(names);
            d.doNotMiss().forEach(x -> card.add(x.name()));
            dnmSize += d.doNotMiss().size();
            Set<String> truth = c.differential().keySet();
            size += ours.size();
            int inter = 0;
            int interCard = 0;
            for (String t : truth) {
                inter += ours.contains(t) ? 1 : 0;
                interCard += card.contains(t) ? 1 : 0;
            }
            double r = truth.isEmpty() ? 0 : (double) inter / truth.size();
            double p = ours.isEmpty() ? 0 : (double) inter / ours.size();
            ddr += r;
            ddp += p;
            ddf1 += inter == 0 ? 0 : 2 * p * r / (p + r);
            double rc = truth.isEmpty() ? 0 : (double) interCard / truth.size();
            double pc = card.isEmpty() ? 0 : (double) interCard / card.size();
            ddf1Card += interCard == 0 ? 0 : 2 * pc * rc / (pc + rc);
            boolean all = true;
            boolean allDiff = true;
            boolean anySevere = false;
            for (String t : truth) {
                DdxplusData.Pathology pa = data.pathologies().get(t);
                if (pa != null && pa.severity() <= 2) {
                    anySevere = true;
                    sevTotal++;
                    sevHit += card.contains(t) ? 1 : 0;
                    sevHitDiff += ours.contains(t) ? 1 : 0;
                    all &= card.contains(t);
                    allDiff &= ours.contains(t);
                }
            }
            if (anySevere) {
                sevPatients++;
                sevPatientsAll += all ? 1 : 0;
                sevPatientsAllDiff += allDiff ? 1 : 0;
            }
        }
        Arrays.sort(latencies);
        return new Report(n, k, g1 / n, g3 / n, g5 / n, gk / n, ddr / n, ddp / n, ddf1 / n,
            sevTotal == 0 ? 1 : (double) sevHit / sevTotal, sevPatients == 0 ? 1 : (double) sevPatientsAll / sevPatients,
            size / n, percentile(latencies, 0.50), percentile(latencies, 0.95), g.knowledgeBaseVersion(), ddf1Card / n,
            sevTotal == 0 ? 1 : (double) sevHitDiff / sevTotal,
            sevPatients == 0 ? 1 : (double) sevPatientsAllDiff / sevPatients, dnmSize / n);
    }

    /** Reads findings from a note (the text analyser under test). */
    @FunctionalInterface
    public interface NoteReader {
        List<Finding> read(String note, String language);
    }

    /**
     * Figures of the differential from notes: the share of patients whose card shows at least one candidate,
     * GTPA@1/@5, DDF1 and severity recall over the whole calibrated differential, and the mean number of findings read
     * from a note.
     */
    public record NotesReport(String language, DdxplusNotes.Style style, int patients, double shown, double gtpa1,
                              double gtpa5, double ddf1, double severityRecall, double severityRecallPatients,
                              double meanFindings, double meanDifferentialSize) {
        public List<String> toLines() {
            String p = "notes_" + language + "_" + style.name().toLowerCase(Locale.ROOT) + "_";
            return List.of(p + "patients=" + patients, p + "card_shown=" + Report.f(shown), p + "GTPA@1=" + Report.f(gtpa1),
                p + "GTPA@5=" + Report.f(gtpa5), p + "DDF1=" + Report.f(ddf1),
                p + "severity_recall=" + Report.f(severityRecall),
                p + "severity_recall_patients=" + Report.f(severityRecallPatients),
                p + "mean_findings=" + String.format(Locale.ROOT, "%.2f", meanFindings),
                p + "mean_differential_size=" + String.format(Locale.ROOT, "%.2f", meanDifferentialSize));
        }
    }

    /**
     * The differential from notes: renders every patient of {@code test} as a note ({@link DdxplusNotes}), reads its
     * findings with {@code reader} and ranks them in {@code g} (already imported, e.g. with
     * {@code importDdxplus(dir, train)}) the way the service ranks EHR data: open world (only stated absences count),
     * the patient's age and sex as the Patient resource would give them, the whole differential (not cut at 5).
     */
    public static NotesReport runNotes(KnowledgeGraph g, Path ddxplusDir, Path test, NoteReader reader, String language,
                                       DdxplusNotes.Style style) {
        DdxplusNotes notes = DdxplusNotes.of(ddxplusDir);
        List<DdxplusNotes.Patient> patients = DdxplusNotes.patients(test);
        int n = patients.size();
        double shown = 0, g1 = 0, g5 = 0, f1 = 0, findings = 0, size = 0;
        int sevTotal = 0, sevHit = 0, sevPatients = 0, sevPatientsAll = 0;
        for (DdxplusNotes.Patient p : patients) {
            List<Finding> fs = reader.read(notes.note(p, language, style), language);
            findings += fs.size();
            Differential d = g.rank(RankQuery.of(fs, p.age(), p.sex(), RankQuery.ALL));
            List<String> names = d.candidates().stream().map(Candidate::name).toList();
            shown += names.isEmpty() ? 0 : 1;
            size += names.size();
            int rank = names.indexOf(p.pathology());
            g1 += rank == 0 ? 1 : 0;
            g5 += rank >= 0 && rank < 5 ? 1 : 0;
            Set<String> ours = new HashSet<>(names);
            Set<String> card = new HashSet<>(names);
            d.doNotMiss().forEach(x -> card.add(x.name()));
            int inter = 0;
            boolean all = true;
            boolean anySevere = false;
            for (String t : p.differential()) {
                inter += ours.contains(t) ? 1 : 0;
                if (notes.severity(t) <= 2) {
                    anySevere = true;
                    sevTotal++;
                    sevHit += card.contains(t) ? 1 : 0;
                    all &= card.contains(t);
                }
            }
            if (anySevere) {
                sevPatients++;
                sevPatientsAll += all ? 1 : 0;
            }
            if (inter > 0) {
                double pr = (double) inter / ours.size();
                double rc = (double) inter / p.differential().size();
                f1 += 2 * pr * rc / (pr + rc);
            }
        }
        return new NotesReport(language, style, n, shown / n, g1 / n, g5 / n, f1 / n,
            sevTotal == 0 ? 1 : (double) sevHit / sevTotal, sevPatients == 0 ? 1 : (double) sevPatientsAll / sevPatients,
            findings / n, size / n);
    }

    static RankQuery query(DdxplusData.PatientCase c, int k) {
        List<Finding> findings = c.tokens().stream().map(DdxplusData::toFinding).toList();
        return new RankQuery(findings, c.age(), c.sex(), k, true);
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
