package org.dxguard.rules.veto;

import java.util.ArrayList;
import java.util.List;
import org.dxguard.rules.veto.facts.ClaimFact;

/**
 * The global veto rules report through ({@code global org.dxguard.rules.veto.VetoCollector veto;}):
 * {@code veto.reject($claim, "reason")}. The engine adds the rule id and version of the firing rule.
 * One instance per review; not thread-safe.
 */
public final class VetoCollector {
    record Rejection(String claimId, String ruleId, String ruleVersion, String reason) {}

    private final List<Rejection> rejections = new ArrayList<>();
    private String ruleId;
    private String ruleVersion;

    void current(String ruleId, String ruleVersion) {
        this.ruleId = ruleId;
        this.ruleVersion = ruleVersion;
    }

    public void reject(ClaimFact claim, String reason) {
        if (ruleId == null) {
            throw new IllegalStateException("veto reported outside a rule activation");
        }
        rejections.add(new Rejection(claim.claimId(), ruleId, ruleVersion, reason));
    }

    List<Rejection> rejections() {
        return List.copyOf(rejections);
    }
}
