package org.dxguard.graph.internal;

import java.util.Arrays;

/**
 * Binary-relevance logistic model of "disease d belongs in the ground-truth differential", one logit per disease:
 * {@code b_d + sum_t W[t][d] + age_d[bin] + male_d + A . pair(d)}, trained by full-batch Adam on the mean binary
 * cross-entropy with L2. Sparse inputs: each case lists its active token indexes.
 */
final class DifferentialTrainer {
    /** One training case. {@code pair[d]} are the overlap features, {@code target[d]} 1 when d is in the differential. */
    record Case(int[] tokens, int ageBin, boolean male, double[][] pair, double[] target, int truth) {}

    /** Learned parameters: rows {@code 0..V-1} tokens, then AGE_BINS age rows, male, bias. */
    record Model(double[][] w, double[] a, int vocab) {
        int ageRow(int bin) {
            return vocab + bin;
        }

        int maleRow() {
            return vocab + DifferentialFeatures.AGE_BINS;
        }

        int biasRow() {
            return vocab + DifferentialFeatures.AGE_BINS + 1;
        }

        double[] predict(Case c) {
            int d = w[0].length;
            double[] z = new double[d];
            addRows(c, z);
            for (int j = 0; j < d; j++) {
                double s = z[j];
                for (int f = 0; f < a.length; f++) {
                    s += a[f] * c.pair()[j][f];
                }
                z[j] = DifferentialFeatures.sigmoid(s);
            }
            return z;
        }

        private void addRows(Case c, double[] z) {
            for (int t : c.tokens()) {
                add(z, w[t]);
            }
            if (c.ageBin() >= 0) {
                add(z, w[ageRow(c.ageBin())]);
            }
            if (c.male()) {
                add(z, w[maleRow()]);
            }
            add(z, w[biasRow()]);
        }

        private static void add(double[] z, double[] row) {
            for (int j = 0; j < z.length; j++) {
                z[j] += row[j];
            }
        }
    }

    private final double lambda;
    private final double lambdaPair;
    private final int iterations;
    private final double learningRate;

    DifferentialTrainer(double lambda, double lambdaPair, int iterations, double learningRate) {
        this.lambda = lambda;
        this.lambdaPair = lambdaPair;
        this.iterations = iterations;
        this.learningRate = learningRate;
    }

    Model train(Case[] cases, int vocab, int diseases) {
        int rows = vocab + DifferentialFeatures.AGE_BINS + 2;
        double[][] w = new double[rows][diseases];
        double[] a = new double[DifferentialFeatures.PAIR_FEATURES];
        Model model = new Model(w, a, vocab);
        double[][] mw = new double[rows][diseases];
        double[][] vw = new double[rows][diseases];
        double[] ma = new double[a.length];
        double[] va = new double[a.length];
        double[][] gw = new double[rows][diseases];
        double[] ga = new double[a.length];
        double[] z = new double[diseases];
        double n = cases.length;
        final double b1 = 0.9;
        final double b2 = 0.999;
        for (int it = 1; it <= iterations; it++) {
            for (double[] g : gw) {
                Arrays.fill(g, 0);
            }
            Arrays.fill(ga, 0);
            for (Case c : cases) {
                Arrays.fill(z, 0);
                model.addRows(c, z);
                for (int j = 0; j < diseases; j++) {
                    double s = z[j];
                    double[] p = c.pair()[j];
                    for (int f = 0; f < a.length; f++) {
                        s += a[f] * p[f];
                    }
                    double g = (DifferentialFeatures.sigmoid(s) - c.target()[j]) / n;
                    z[j] = g;
                    for (int f = 0; f < a.length; f++) {
                        ga[f] += g * p[f];
                    }
                }
                for (int t : c.tokens()) {
                    addTo(gw[t], z);
                }
                if (c.ageBin() >= 0) {
                    addTo(gw[model.ageRow(c.ageBin())], z);
                }
                if (c.male()) {
                    addTo(gw[model.maleRow()], z);
                }
                addTo(gw[model.biasRow()], z);
            }
            double c1 = 1 - Math.pow(b1, it);
            double c2 = 1 - Math.pow(b2, it);
            for (int r = 0; r < rows; r++) {
                double[] wr = w[r];
                double[] gr = gw[r];
                double[] mr = mw[r];
                double[] vr = vw[r];
                for (int j = 0; j < diseases; j++) {
                    double g = gr[j] + lambda * wr[j];
                    mr[j] = b1 * mr[j] + (1 - b1) * g;
                    vr[j] = b2 * vr[j] + (1 - b2) * g * g;
                    wr[j] -= learningRate * (mr[j] / c1) / (Math.sqrt(vr[j] / c2) + 1e-8);
                }
            }
            for (int f = 0; f < a.length; f++) {
                double g = ga[f] + lambdaPair * a[f];
                ma[f] = b1 * ma[f] + (1 - b1) * g;
                va[f] = b2 * va[f] + (1 - b2) * g * g;
                a[f] -= learningRate * (ma[f] / c1) / (Math.sqrt(va[f] / c2) + 1e-8);
            }
        }
        return model;
    }

    private static void addTo(double[] acc, double[] v) {
        for (int j = 0; j < acc.length; j++) {
            acc[j] += v[j];
        }
    }
}
