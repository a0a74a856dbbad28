package org.dxguard.rules.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Fmt#num} gives what the formatter gave ({@link Fmt#formatted}), on edge cases and on random values. */
class FmtTest {
    @Test
    void should_format_like_the_formatter_when_numbers_are_edge_cases() {
        // given halves at the second decimal, values whose binary form lies below the half, tiny, huge and
        // negative values that round to zero, and the non-finite ones
        double[] edges = {0.125, 1.005, 2.675, 1.115, 0.005, 0.015, -0.004, -0.005, -1.005, 1e-7, -1e-7, 123456.785,
            7.4, 176.8, 21.6, 0.1 + 0.2, 99.995, 99.994999, 1e15 + 0.5, 4.35e16, -3.5, 1.0 / 3, 2.0 / 3,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 0.0, -0.0, 12.3456789};
        List<String> viaFmt = new ArrayList<>();
        List<String> viaFormatter = new ArrayList<>();

        // when each is formatted both ways
        for (double v : edges) {
            viaFmt.add(v + " -> " + Fmt.num(v));
            viaFormatter.add(v + " -> " + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Fmt.formatted(v)));
        }

        // then the texts are the same
        assertThat(viaFmt).isEqualTo(viaFormatter);
        assertThat(Fmt.num(1.005)).isEqualTo("1.01");
        assertThat(Fmt.num(-0.004)).isEqualTo("-0");
    }

    @Test
    void should_format_like_the_formatter_when_numbers_are_random() {
        // given 100,000 random values of lab-like and wider magnitudes, and values on a 0.0005 grid
        SplittableRandom random = new SplittableRandom(21);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextDouble(-1000, 1000);
                case 1 -> Math.round(random.nextDouble(0, 500) * 2000) / 2000.0;
                case 2 -> random.nextDouble(0, 1) * Math.pow(10, random.nextInt(-8, 15));
                default -> Double.longBitsToDouble(random.nextLong());
            };
            // when it is formatted both ways
            String expected = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Fmt.formatted(v);
            if (!Fmt.num(v).equals(expected)) {
                differences.add(v + ": " + Fmt.num(v) + " vs " + expected);
            }
        }

        // then there is no difference
        assertThat(differences).isEmpty();
    }
}
