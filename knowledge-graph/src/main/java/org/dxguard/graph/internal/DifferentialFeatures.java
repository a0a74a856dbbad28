package org.dxguard.graph.internal;

/**
 * Features shared by training and ranking of the calibrated differential model: how the patient's findings
 * overlap with a disease's listed findings, its symptom and antecedent profile, and where the disease stands in the
 * naive-Bayes posterior (computed the same way from the graph at ranking time). A model learned with fewer features
 * (an older graph) reads only the first ones.
 */
public final class DifferentialFeatures {
    public static final int PAIR_FEATURES = 18;
    public static final int AGE_BINS = 6;
    public static final int AGE_BIN_YEARS = 15;

    private DifferentialFeatures() {}

    public static int ageBin(Integer age) {
        return age == null ? -1 : Math.min(age / AGE_BIN_YEARS, AGE_BINS - 1);
    }

    /**
     * @param nS       present base findings known to the graph
     * @param nSym     of which symptoms
     * @param inn      present base findings listed for the disease
     * @param si       present symptom base findings listed for the disease
     * @param evCount  base findings listed for the disease
     * @param nbRel    naive-Bayes log score of the disease minus the best candidate's
     * @param listedRel the same restricted to the disease's listed findings (no prior, no unlisted penalty)
     * @param posterior naive-Bayes posterior of the disease
     * @param symptomCount    symptoms the disease lists (its evidence profile)
     * @param antecedentCount antecedents the disease lists
     * @param rank     candidates with a higher naive-Bayes posterior (0 for the most likely)
     */
    public static double[] pair(int nS, int nSym, int inn, int si, int evCount, double nbRel, double listedRel,
                                double posterior, int symptomCount, int antecedentCount, int rank) {
        int o = nS - inn;
        int so = nSym - si;
        int ai = inn - si;
        return new double[] {
            nS == 0 ? 0 : (double) inn / nS,
            o,
            so,
            o == 0 ? 1 : 0,
            so == 0 ? 1 : 0,
            (double) si / Math.max(1, nSym),
            evCount == 0 ? 0 : (double) inn / evCount,
            Math.log1p(o),
            Math.log1p(so),
            Math.max(-60, Math.min(0, nbRel)) / 10,
            Math.max(-60, Math.min(0, listedRel)) / 10,
            posterior,
            symptomCount == 0 ? 0 : (double) si / symptomCount,
            antecedentCount == 0 ? 0 : (double) ai / antecedentCount,
            symptomCount > 0 && si >= symptomCount ? 1 : 0,
            Math.log1p(rank) / 3,
            rank == 0 ? 1 : 0,
            Math.max(-20, Math.log(posterior + 1e-9)) / 10};
    }

    public static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
