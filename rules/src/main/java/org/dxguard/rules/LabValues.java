package org.dxguard.rules;

import java.util.Optional;
import java.util.OptionalDouble;
import org.dxguard.model.Code;
import org.dxguard.model.Observation;
import org.dxguard.model.Ucum;
import org.dxguard.rules.facts.Fmt;

/**
 * The one place where lab values are read into the units rules use, shared by the rules' fact builder and the veto.
 * A value is converted with its unit (UCUM subset, {@link Ucum}; mass ↔ substance with the kind's molar mass from
 * {@code lab-kinds.csv}; HbA1c mmol/mol → % by the IFCC-NGSP master equation). A value without a unit is read in
 * the unit its LOINC property implies ({@code labs.csv impliedUnit}) or not at all: it is never assumed to be in
 * the rule's unit. A value that cannot be used says why ({@link Reading#problem()}).
 */
public final class LabValues {
    private LabValues() {}

    /**
     * A lab value of a kind the rules read: {@code value} in the kind's unit, or NaN with a {@code problem};
     * {@code how} says how a unit was obtained or converted ("" when the value was already in the kind's unit).
     */
    public record Reading(String kind, String loinc, double value, String unit, String problem, String how) {
        public boolean usable() {
            return problem == null;
        }
    }

    /** The reading of an observation with a numeric value and a LOINC code the rules read; empty otherwise. */
    public static Optional<Reading> read(Terminology t, Observation o) {
        if (o.value() == null) {
            return Optional.empty();
        }
        for (Code c : o.codes()) {
            Optional<Terminology.LabCode> lab = t.labCode(c);
            if (lab.isPresent()) {
                return Optional.of(read(t, lab.get(), o.value(), o.unit()));
            }
        }
        return Optional.empty();
    }

    /** Reads {@code value unit} as a result of {@code lab}. */
    public static Reading read(Terminology t, Terminology.LabCode lab, double value, String unit) {
        String kind = lab.kind();
        Optional<Terminology.LabKind> k = t.labKindInfo(kind);
        String label = k.map(Terminology.LabKind::display).filter(s -> !s.isEmpty()).orElse(kind.toLowerCase());
        if (k.isEmpty()) {
            return new Reading(kind, lab.loinc(), Double.NaN, "", "lab kind " + kind + " has no row in lab-kinds.csv",
                "");
        }
        String target = k.get().unit();
        String u = unit == null ? "" : unit.strip();
        String how = "";
        if (u.isEmpty()) {
            if (lab.impliedUnit() == null || lab.impliedUnit().isEmpty()) {
                return new Reading(kind, lab.loinc(), Double.NaN, target, label + " " + Fmt.num(value)
                    + " has no unit, and LOINC " + lab.loinc() + (lab.property().isEmpty() ? "" : " (" + lab.property()
                    + ")") + " does not fix one: not used (a value is never assumed to be in " + target + ")", "");
            }
            u = lab.impliedUnit();
            how = "no unit sent; " + u + " from LOINC " + lab.loinc() + " (" + lab.property() + ")";
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            return new Reading(kind, lab.loinc(), Double.NaN, target, label + " " + value + " is not a valid result", how);
        }
        Optional<Ucum.Unit> from = Ucum.parse(u);
        Optional<Ucum.Unit> to = Ucum.parse(target);
        if (from.isEmpty() || to.isEmpty()) {
            return new Reading(kind, lab.loinc(), Double.NaN, target, label + " " + Fmt.num(value) + " " + u
                + ": the unit is not understood, so it cannot be read as " + target, how);
        }
        OptionalDouble v;
        if ("ngsp-ifcc".equals(k.get().conversion()) && from.get().dimension() == Ucum.Dimension.SUBSTANCE_FRACTION
            && to.get().dimension() == Ucum.Dimension.MASS_FRACTION) {
            double ifcc = value * from.get().factor() / 0.001;
            v = OptionalDouble.of(0.09148 * ifcc + 2.152);
        } else {
            v = Ucum.convert(value, from.get(), to.get(), k.get().molarMass());
        }
        if (v.isEmpty()) {
            return new Reading(kind, lab.loinc(), Double.NaN, target, label + " " + Fmt.num(value) + " " + u
                + " cannot be converted to " + target + " (" + from.get().dimension().name().toLowerCase()
                .replace('_', ' ') + ")", how);
        }
        if (!sameUnit(u, target)) {
            how = (how.isEmpty() ? "" : how + "; ") + Fmt.num(value) + " " + u + " converted to " + target;
        }
        return new Reading(kind, lab.loinc(), v.getAsDouble(), target, null, how);
    }

    private static boolean sameUnit(String a, String b) {
        Optional<Ucum.Unit> x = Ucum.parse(a);
        Optional<Ucum.Unit> y = Ucum.parse(b);
        return x.isPresent() && y.isPresent() && x.get().dimension() == y.get().dimension()
            && Math.abs(x.get().factor() - y.get().factor()) < 1e-12;
    }
}
