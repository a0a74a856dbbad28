package org.dxguard.rules.facts;

/**
 * Demographics for rules. {@code ageYears} is -1 and {@code weightKg} 0 when unknown; {@code pregnant} is true only
 * when the record says so (status or an active pregnancy condition).
 */
public record PatientFact(int ageYears, String sex, double weightKg, boolean pregnant) implements Describable {
    public boolean ageKnown() {
        return ageYears >= 0;
    }

    public boolean weightKnown() {
        return weightKg > 0;
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("Patient");
        b.append(ageKnown() ? " age " + ageYears : " age unknown");
        if (weightKnown()) {
            b.append(", weight ").append(Fmt.num(weightKg)).append(" kg");
        }
        if (pregnant) {
            b.append(", pregnant");
        }
        return b.toString();
    }
}
