package org.dxguard.rules.veto;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dxguard.model.ClaimVerdict;
import org.dxguard.model.Veto;

/**
 * The veto's judgement of one model output: a verdict per claim (in claim order) and the versions of the guideline
 * rule set and the veto rule base that judged them.
 */
public record VetoResult(List<ClaimVerdict> verdicts, String rulesetVersion, String vetoRulesVersion) {
    public VetoResult {
        verdicts = List.copyOf(verdicts);
        Objects.requireNonNull(rulesetVersion, "rulesetVersion");
        Objects.requireNonNull(vetoRulesVersion, "vetoRulesVersion");
    }

    /** Every veto, in claim order. */
    public List<Veto> vetoes() {
        return verdicts.stream().flatMap(v -> v.vetoes().stream()).toList();
    }

    /** The ids of the rules that vetoed at least one claim. */
    public Set<String> vetoingRules() {
        Set<String> out = new LinkedHashSet<>();
        vetoes().forEach(v -> out.add(v.ruleId()));
        return out;
    }

    /** True when no claim was vetoed. */
    public boolean allAllowed() {
        return verdicts.stream().allMatch(ClaimVerdict::allowed);
    }
}
