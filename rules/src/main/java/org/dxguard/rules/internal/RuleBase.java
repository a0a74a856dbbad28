package org.dxguard.rules.internal;

import java.util.List;
import org.dxguard.rules.RuleInfo;
import org.kie.api.KieBase;

/**
 * What {@code RuleSetCompiler} builds and checks, before it becomes a {@code CompiledRuleSet} (guideline rules) or
 * the veto's rule base: one KieBase per package and every rule with its id and version. Drools types stay in the
 * rules module.
 *
 * @param compiledPackages how many packages were compiled now (the others came from the compiler's cache)
 */
public record RuleBase(List<KieBase> bases, List<RuleInfo> rules, int compiledPackages) {
    public RuleBase {
        bases = List.copyOf(bases);
        rules = List.copyOf(rules);
    }
}
