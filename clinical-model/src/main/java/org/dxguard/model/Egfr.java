package org.dxguard.model;

import java.util.OptionalDouble;

/**
 * eGFR from serum creatinine by the race-free CKD-EPI 2021 creatinine equation (Inker LA et al., "New
 * creatinine- and cystatin C-based equations to estimate GFR without race", N Engl J Med 2021;385:1737-49; the
 * equation the NKF-ASN task force recommends):
 * <pre>
 *   eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^-1.200 × 0.9938^age × 1.012 [if female]
 *   κ = 0.7 (female) / 0.9 (male); α = -0.241 (female) / -0.302 (male); Scr in mg/dL (IDMS-traceable)
 * </pre>
 * Result in mL/min/1.73 m². Only for adults (age ≥ 18) of known sex (male or female); otherwise empty: an eGFR is
 * never computed from a guessed age or sex.
 */
public final class Egfr {
    private Egfr() {}

    public static OptionalDouble ckdEpi2021(double creatinineMgPerDl, Integer ageYears, Sex sex) {
        if (!(creatinineMgPerDl > 0) || ageYears == null || ageYears < 18 || sex == null) {
            return OptionalDouble.empty();
        }
        boolean female;
        if (sex == Sex.FEMALE) {
            female = true;
        } else if (sex == Sex.MALE) {
            female = false;
        } else {
            return OptionalDouble.empty();
        }
        double kappa = female ? 0.7 : 0.9;
        double alpha = female ? -0.241 : -0.302;
        double r = creatinineMgPerDl / kappa;
        double e = 142 * Math.pow(Math.min(r, 1), alpha) * Math.pow(Math.max(r, 1), -1.200)
            * Math.pow(0.9938, ageYears) * (female ? 1.012 : 1.0);
        return OptionalDouble.of(e);
    }
}
