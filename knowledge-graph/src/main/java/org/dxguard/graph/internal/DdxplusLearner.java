package org.dxguard.graph.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dxguard.graph.GraphErrors;
import org.dxguard.graph.internal.DdxplusData.PatientCase;
import org.dxguard.graph.internal.DdxplusData.Pathology;
import org.dxguard.graph.internal.KnowledgeSet.DiseaseSpec;
import org.dxguard.graph.internal.KnowledgeSet.EdgeSpec;
import org.dxguard.graph.internal.KnowledgeSet.FindingSpec;
import org.dxguard.graph.internal.KnowledgeSet.WeightSpec;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Sex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the DDXPlus graph from the knowledge files and a training patient file:
 * <ul>
 *   <li>naive-Bayes parameters: P(finding | disease) for every listed evidence (Laplace-smoothed counts over the
 *   training patients with that pathology), P(value | disease) for categorical and multi-choice values, priors,
 *   P(age band | disease) and P(sex | disease);</li>
 *   <li>the calibrated differential model: one logistic "belongs in the differential" output per disease, learned
 *   from the training patients' ground-truth differential column, and its inclusion thresholds (one general, one
 *   "do not miss" threshold for severity 1–2 pathologies outside the differential), tuned by 5-fold
 *   cross-validation inside the training file only: the differential's for the best DDF1, the do-not-miss one as the
 *   highest that keeps all of a patient's severe pathologies on the card for 95 % of the patients.</li>
 * </ul>
 */
public final class DdxplusLearner {
    private static final Logger LOG = LoggerFactory.getLogger(DdxplusLearner.class);
    static final double UNLISTED_P = 1e-4;
    /** Patient-level goal: all of a patient's severity 1-2 pathologies on the card (issue 18, item 9). */
    static final double SEVERITY_RECALL_GOAL = 0.95;
    /** Item-level goal for the severity 1-2 pathologies on the card. */
    static final double ITEM_RECALL_GOAL = 0.97;
    /** Cross-validation margin over the goal (the held-out patients are other patients). */
    static final double RECALL_MARGIN = 0.005;
    static final int FOLDS = 5;

    private final DdxplusData data;
    private final List<Pathology> diseases;
    private final Map<String, Integer> diseaseIndex = new HashMap<>();
    private NaiveBayes nb;

    /** Naive-Bayes parameters per disease index, mirroring what the ranker reads from the graph. */
    private static final class NaiveBayes {
        final double[] logPrior;
        final double[][] ageLogP;
        final double[] maleLogP;
        final double[] femaleLogP;
        final double[] unseenValueLogP;
        final double[] logAbsent;
        final List<Map<String, Double>> p = new ArrayList<>();

        NaiveBayes(int nd) {
            logPrior = new double[nd];
            ageLogP = new double[nd][DifferentialFeatures.AGE_BINS];
            maleLogP = new double[nd];
            femaleLogP = new double[nd];
            unseenValueLogP = new double[nd];
            logAbsent = new double[nd];
            for (int i = 0; i < nd; i++) {
                p.add(new HashMap<>());
            }
        }
    }

    public DdxplusLearner(DdxplusData data) {
        this.data = data;
        this.diseases = List.copyOf(data.pathologies().values());
        for (int i = 0; i < diseases.size(); i++) {
            diseaseIndex.put(diseases.get(i).name(), i);
        }
    }

    public KnowledgeSet learn(List<PatientCase> training) {
        for (PatientCase c : training) {
            if (!diseaseIndex.containsKey(c.pathology())) {
                throw new DxGuardException(GraphErrors.IMPORT_INVALID, "training patient with unknown pathology '"
                    + c.pathology() + "' (not in release_conditions.json)");
            }
        }
        long t0 = System.nanoTime();
        List<FindingSpec> findings = findings(training);
        int nd = diseases.size();
        int[] n = new int[nd];
        int[][] ageCount = new int[nd][DifferentialFeatures.AGE_BINS];
        int[] male = new int[nd];
        int[] female = new int[nd];
        List<Map<String, Integer>> tokenCount = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            tokenCount.add(new HashMap<>());
        }
        for (PatientCase c : training) {
            int d = diseaseIndex.get(c.pathology());
            n[d]++;
            ageCount[d][DifferentialFeatures.ageBin(c.age())]++;
            if (c.sex() == Sex.MALE) {
                male[d]++;
            } else if (c.sex() == Sex.FEMALE) {
                female[d]++;
            }
            for (String k : keysOf(c)) {
                tokenCount.get(d).merge(k, 1, Integer::sum);
            }
        }
        // naive-Bayes edges
        List<EdgeSpec> edges = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            Pathology p = diseases.get(d);
            Map<String, Integer> tc = tokenCount.get(d);
            for (String e : p.evidences()) {
                String key = Keys.concept(Keys.DDXPLUS_EVIDENCE, e);
                double prob = clamp((tc.getOrDefault(key, 0) + 1.0) / (n[d] + 2.0));
                edges.add(new EdgeSpec(p.key(), key, prob, n[d] >= 3 && prob >= 0.5));
            }
            for (var en : tc.entrySet()) {
                if (en.getKey().indexOf('=') > 0) {
                    edges.add(new EdgeSpec(p.key(), en.getKey(), clamp((en.getValue() + 0.5) / (n[d] + 1.0)), false));
                }
            }
        }
        // naive-Bayes scoring exactly as the ranker does it from the graph (closed world)
        int total = training.size();
        nb = new NaiveBayes(nd);
        for (int d = 0; d < nd; d++) {
            nb.logPrior[d] = Math.log((n[d] + 1.0) / (total + nd));
            for (int b = 0; b < DifferentialFeatures.AGE_BINS; b++) {
                nb.ageLogP[d][b] = Math.log((ageCount[d][b] + 1.0) / (n[d] + DifferentialFeatures.AGE_BINS));
            }
            nb.maleLogP[d] = Math.log((male[d] + 1.0) / (n[d] + 2.0));
            nb.femaleLogP[d] = Math.log((female[d] + 1.0) / (n[d] + 2.0));
            nb.unseenValueLogP[d] = Math.log(0.5 / (n[d] + 1.0));
        }
        for (EdgeSpec e : edges) {
            int d = diseaseIndex.get(e.diseaseKey().substring(e.diseaseKey().indexOf('|') + 1));
            nb.p.get(d).put(e.findingKey(), e.p());
            if (e.findingKey().indexOf('=') < 0) {
                nb.logAbsent[d] += Math.log(1 - e.p());
            }
        }
        // calibrated differential model
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (PatientCase c : training) {
            for (String k : keysOf(c)) {
                vocab.putIfAbsent(k, vocab.size());
            }
        }
        DifferentialTrainer.Case[] cases = training.stream().map(c -> toCase(c, vocab)).toArray(
            DifferentialTrainer.Case[]::new);
        // L2 2e-3 (tried 5e-4..4e-3 on the dev split: DDF1 within 0.005), 600 full-batch Adam steps
        DifferentialTrainer trainer = new DifferentialTrainer(2e-3, 1e-4, 600, 0.05);
        double[] thresholds = tuneThresholds(trainer, cases, vocab.size());
        DifferentialTrainer.Model model = trainer.train(cases, vocab.size(), nd);

        List<WeightSpec> weights = new ArrayList<>();
        for (var en : vocab.entrySet()) {
            double[] row = model.w()[en.getValue()];
            for (int d = 0; d < nd; d++) {
                weights.add(new WeightSpec(en.getKey(), diseases.get(d).key(), row[d]));
            }
        }
        List<DiseaseSpec> diseaseSpecs = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            Pathology p = diseases.get(d);
            Map<String, Object> props = new HashMap<>();
            props.put("nTrain", n[d]);
            props.put("icd10", p.icd10());
            FindingTexts.Row names = FindingTexts.get().pathology(p.name());
            if (names != null) {
                props.put("synonyms", names.synonyms());
            }
            List<Double> ageLogP = new ArrayList<>();
            List<Double> ddxAge = new ArrayList<>();
            for (int b = 0; b < DifferentialFeatures.AGE_BINS; b++) {
                ageLogP.add(Math.log((ageCount[d][b] + 1.0) / (n[d] + DifferentialFeatures.AGE_BINS)));
                ddxAge.add(model.w()[model.ageRow(b)][d]);
            }
            props.put("ageLogP", ageLogP);
            props.put("maleLogP", Math.log((male[d] + 1.0) / (n[d] + 2.0)));
            props.put("femaleLogP", Math.log((female[d] + 1.0) / (n[d] + 2.0)));
            props.put("unseenValueLogP", Math.log(0.5 / (n[d] + 1.0)));
            props.put("ddxBias", model.w()[model.biasRow()][d]);
            props.put("ddxAge", ddxAge);
            props.put("ddxMale", model.w()[model.maleRow()][d]);
            props.put("ddxIndex", d);
            props.put("symptomCount", p.symptoms().size());
            props.put("antecedentCount", p.antecedents().size());
            String icd = p.icd10() == null ? null : p.icd10().split(",")[0].trim().toUpperCase(java.util.Locale.ROOT);
            diseaseSpecs.add(new DiseaseSpec(p.key(), icd == null ? Keys.DDXPLUS_PATHOLOGY : Code.ICD10,
                icd == null ? p.name() : icd, p.name(), p.severity(), (n[d] + 1.0) / (total + nd), props));
        }
        Map<String, Object> modelProps = new HashMap<>();
        modelProps.put("kind", "binary-relevance-logistic-v2");
        List<Double> a = new ArrayList<>();
        for (double v : model.a()) {
            a.add(v);
        }
        modelProps.put("pairWeights", a);
        modelProps.put("diseases", diseases.stream().map(Pathology::key).toList());
        modelProps.put("threshold", thresholds[0]);
        // older rankers read severeThreshold as the differential's lower threshold for severe candidates: the same as
        // the general one now, severe candidates below it go to the do-not-miss slot instead
        modelProps.put("severeThreshold", thresholds[0]);
        modelProps.put("doNotMissThreshold", thresholds[1]);
        modelProps.put("severeMaxLevel", 2);
        modelProps.put("unlistedLogP", Math.log(UNLISTED_P));
        modelProps.put("trainingPatients", total);
        modelProps.put("cvDdf1", thresholds[2]);
        modelProps.put("cvSeverityRecall", thresholds[3]);
        modelProps.put("cvSeverityRecallPatients", thresholds[4]);
        LOG.info("learned DDXPlus graph from {} training patients in {} ms (threshold {}, do-not-miss {}, cv DDF1 {}, "
                + "cv severity recall {} items / {} patients)", total, (System.nanoTime() - t0) / 1_000_000,
            thresholds[0], thresholds[1], thresholds[2], thresholds[3], thresholds[4]);
        return new KnowledgeSet(DdxplusData.SOURCE, DdxplusData.VERSION, diseaseSpecs, findings, edges, weights,
            terms(), modelProps);
    }

    /**
     * {threshold, doNotMissThreshold, cvDdf1, cvSeverityRecall (items), cvSeverityRecallPatients} from 5-fold
     * cross-validation on the training cases.
     */
    private double[] tuneThresholds(DifferentialTrainer trainer, DifferentialTrainer.Case[] cases, int vocab) {
        int nd = diseases.size();
        double[][] oof = new double[cases.length][];
        for (int fold = 0; fold < FOLDS; fold++) {
            List<DifferentialTrainer.Case> fit = new ArrayList<>();
            for (int i = 0; i < cases.length; i++) {
                if (i % FOLDS != fold) {
                    fit.add(cases[i]);
                }
            }
            DifferentialTrainer.Model m = trainer.train(fit.toArray(DifferentialTrainer.Case[]::new), vocab, nd);
            for (int i = fold; i < cases.length; i += FOLDS) {
                oof[i] = m.predict(cases[i]);
            }
        }
        // 1. the differential: the threshold with the best cross-validated DDF1 (severity plays no part here)
        double bestThr = 0.4;
        double bestF1 = -1;
        for (double thr = 0.20; thr <= 0.701; thr += 0.05) {
            double f1 = evaluate(cases, oof, thr, 2)[0];
            if (f1 > bestF1 + 1e-9) {
                bestF1 = f1;
                bestThr = thr;
            }
        }
        // 2. the "do not miss" slot: severity 1-2 candidates outside the differential whose probability of belonging in
        // it reaches the highest threshold that keeps every severe pathology of the patient on the card for at least
        // SEVERITY_RECALL_GOAL of the patients (and ITEM_RECALL_GOAL of the items), cross-validated
        double dnm = 0.005;
        double[] atDnm = null;
        for (double s = 0.30; s >= 0.0049; s -= 0.005) {
            double[] r = evaluate(cases, oof, bestThr, s);
            if (r[2] >= SEVERITY_RECALL_GOAL + RECALL_MARGIN && r[1] >= ITEM_RECALL_GOAL) {
                dnm = s;
                atDnm = r;
                break;
            }
        }
        if (atDnm == null) {
            atDnm = evaluate(cases, oof, bestThr, dnm);
        }
        return new double[] {round(bestThr), round3(dnm), bestF1, atDnm[1], atDnm[2]};
    }

    /**
     * {mean per-patient DDF1 of the differential (top + membership >= thr), item-level and patient-level recall of the
     * severity 1-2 pathologies over the differential plus the do-not-miss slot (severe, membership >= dnm)}; the top-1
     * is approximated by the true pathology.
     */
    private double[] evaluate(DifferentialTrainer.Case[] cases, double[][] pred, double thr, double dnm) {
        double f1 = 0;
        int sevHit = 0;
        int sevTotal = 0;
        int sevPatients = 0;
        int sevPatientsAll = 0;
        for (int i = 0; i < cases.length; i++) {
            double[] t = cases[i].target();
            int top = cases[i].truth();
            int inter = 0;
            int predicted = 0;
            int truth = 0;
            boolean any = false;
            boolean all = true;
            for (int d = 0; d < t.length; d++) {
                boolean severe = diseases.get(d).severity() <= 2;
                boolean in = d == top || pred[i][d] >= thr;
                boolean shown = in || severe && pred[i][d] >= dnm;
                boolean gt = t[d] > 0;
                predicted += in ? 1 : 0;
                truth += gt ? 1 : 0;
                inter += in && gt ? 1 : 0;
                if (gt && severe) {
                    any = true;
                    sevTotal++;
                    sevHit += shown ? 1 : 0;
                    all &= shown;
                }
            }
            if (any) {
                sevPatients++;
                sevPatientsAll += all ? 1 : 0;
            }
            if (inter > 0) {
                double p = (double) inter / predicted;
                double r = (double) inter / truth;
                f1 += 2 * p * r / (p + r);
            }
        }
        return new double[] {f1 / cases.length, sevTotal == 0 ? 1 : (double) sevHit / sevTotal,
            sevPatients == 0 ? 1 : (double) sevPatientsAll / sevPatients};
    }

    private DifferentialTrainer.Case toCase(PatientCase c, Map<String, Integer> vocab) {
        List<String> keys = keysOf(c);
        int[] idx = keys.stream().filter(vocab::containsKey).mapToInt(vocab::get).toArray();
        Set<String> base = baseEvidences(c);
        int nS = base.size();
        int nSym = (int) base.stream().filter(e -> !data.evidences().get(e).antecedent()).count();
        int nd = diseases.size();
        double[][] pair = new double[nd][];
        double[] target = new double[nd];
        double[] score = new double[nd];
        double[] listed = new double[nd];
        int[] inns = new int[nd];
        int[] sis = new int[nd];
        int bin = DifferentialFeatures.ageBin(c.age());
        double unlisted = Math.log(UNLISTED_P);
        for (int d = 0; d < nd; d++) {
            Map<String, Double> pd = nb.p.get(d);
            double prior = nb.logPrior[d] + nb.ageLogP[d][bin]
                + (c.sex() == Sex.MALE ? nb.maleLogP[d] : c.sex() == Sex.FEMALE ? nb.femaleLogP[d] : 0);
            double l = 0;
            double notListed = 0;
            double matchedAbsent = 0;
            for (String k : keys) {
                Double p = pd.get(k);
                int eq = k.indexOf('=');
                if (p != null) {
                    l += Math.log(p);
                    if (eq < 0) {
                        matchedAbsent += Math.log(1 - p);
                        inns[d]++;
                        String e = k.substring(k.indexOf('|') + 1);
                        sis[d] += data.evidences().get(e).antecedent() ? 0 : 1;
                    }
                } else if (eq > 0 && pd.containsKey(k.substring(0, eq))) {
                    l += nb.unseenValueLogP[d];
                } else {
                    notListed += unlisted;
                }
            }
            l += nb.logAbsent[d] - matchedAbsent;
            listed[d] = l;
            score[d] = prior + l + notListed;
        }
        double best = Double.NEGATIVE_INFINITY;
        double bestListed = Double.NEGATIVE_INFINITY;
        for (int d = 0; d < nd; d++) {
            if (inns[d] > 0) {
                best = Math.max(best, score[d]);
                bestListed = Math.max(bestListed, listed[d]);
            }
        }
        double z = 0;
        for (int d = 0; d < nd; d++) {
            z += inns[d] > 0 ? Math.exp(score[d] - best) : 0;
        }
        double[] posts = new double[nd];
        for (int d = 0; d < nd; d++) {
            posts[d] = inns[d] > 0 ? Math.exp(score[d] - best) / z : 0;
        }
        for (int d = 0; d < nd; d++) {
            Pathology p = diseases.get(d);
            double post = posts[d];
            pair[d] = DifferentialFeatures.pair(nS, nSym, inns[d], sis[d], p.evidences().size(), score[d] - best,
                listed[d] - bestListed, post, p.symptoms().size(), p.antecedents().size(), rankOf(posts, d));
            target[d] = c.differential().containsKey(p.name()) ? 1 : 0;
        }
        return new DifferentialTrainer.Case(idx, DifferentialFeatures.ageBin(c.age()), c.sex() == Sex.MALE, pair,
            target, diseaseIndex.get(c.pathology()));
    }

    /** Candidates with a higher posterior than {@code d} (the ranker counts the same among its candidates). */
    static int rankOf(double[] posts, int d) {
        int r = 0;
        for (double p : posts) {
            r += p > posts[d] ? 1 : 0;
        }
        return r;
    }

    private Set<String> baseEvidences(PatientCase c) {
        Set<String> base = new HashSet<>();
        for (String t : c.tokens()) {
            int at = t.indexOf("_@_");
            String e = at < 0 ? t : t.substring(0, at);
            if (!data.evidences().containsKey(e)) {
                throw new DxGuardException(GraphErrors.IMPORT_INVALID, "patient evidence " + e
                    + " is not in release_evidences.json");
            }
            base.add(e);
        }
        return base;
    }

    static List<String> keysOf(PatientCase c) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        for (String t : c.tokens()) {
            keys.addAll(DdxplusData.graphKeys(t));
        }
        return List.copyOf(keys);
    }

    /** The verified codes of the evidences (ddxplus-evidence-terms.tsv) as terminology rows. */
    private List<KnowledgeSet.TermSpec> terms() {
        List<KnowledgeSet.TermSpec> out = new ArrayList<>();
        for (DdxplusData.Evidence e : data.evidences().values()) {
            FindingTexts.Row row = FindingTexts.get().ddxplus(e.code());
            if (row != null) {
                for (FindingTexts.TableCode c : row.codes()) {
                    out.add(new KnowledgeSet.TermSpec(c.code().system(), c.code().code(),
                        Keys.concept(Keys.DDXPLUS_EVIDENCE, e.code()), c.close()));
                }
            }
        }
        return out;
    }

    private List<FindingSpec> findings(List<PatientCase> training) {
        Map<String, FindingSpec> out = new LinkedHashMap<>();
        for (DdxplusData.Evidence e : data.evidences().values()) {
            String base = Keys.concept(Keys.DDXPLUS_EVIDENCE, e.code());
            String kind = e.antecedent() ? "antecedent" : "symptom";
            FindingTexts.Row row = FindingTexts.get().ddxplus(e.code());
            out.put(base, new FindingSpec(base, Keys.DDXPLUS_EVIDENCE, e.code(), null, null, e.question(), kind,
                e.dataType(), row == null ? List.of() : row.synonyms()));
            if (!"B".equals(e.dataType())) {
                Set<String> values = new java.util.LinkedHashSet<>(e.valueMeanings().keySet());
                values.addAll(e.possibleValues());
                for (String v : values) {
                    addValue(out, e, base, kind, v);
                }
            }
        }
        for (PatientCase c : training) {
            for (String t : c.tokens()) {
                int at = t.indexOf("_@_");
                if (at > 0) {
                    DdxplusData.Evidence e = data.evidences().get(t.substring(0, at));
                    String base = Keys.concept(Keys.DDXPLUS_EVIDENCE, e.code());
                    addValue(out, e, base, e.antecedent() ? "antecedent" : "symptom", t.substring(at + 3));
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static void addValue(Map<String, FindingSpec> out, DdxplusData.Evidence e, String base, String kind,
                                 String v) {
        String key = Keys.value(base, v);
        FindingTexts.Row row = FindingTexts.get().value(e.code(), v, e.valueMeanings().get(v));
        // a value answers a follow-up question: naming it ("epigastric pain") also says yes to the parent (pain)
        List<String> implies = e.parent() != null && !e.parent().equals(e.code())
            ? List.of(Keys.concept(Keys.DDXPLUS_EVIDENCE, e.parent())) : List.of();
        out.computeIfAbsent(key, k -> new FindingSpec(k, Keys.DDXPLUS_EVIDENCE, e.code(), v, base,
            e.question() + ": " + e.valueMeanings().getOrDefault(v, v), kind, e.dataType(),
            row == null ? List.of() : row.synonyms(), implies));
    }

    private static double clamp(double p) {
        return Math.max(1e-4, Math.min(0.9999, p));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
