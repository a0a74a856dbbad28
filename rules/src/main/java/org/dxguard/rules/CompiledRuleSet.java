package org.dxguard.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.rules.facts.Alerts;
import org.dxguard.rules.facts.Describable;
import org.dxguard.rules.internal.FactBuilder;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.api.runtime.rule.Match;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compiled, checked rule set: the {@link GuidelineEngine} implementation. Holds one immutable KieBase per
 * guideline package; each {@link #evaluate} opens a new stateless session on each, inserts the normalised facts plus the reference tables, and
 * turns every {@code alert.*} call into a {@link RuleFinding} carrying the rule's id, version and citation.
 */
public final class CompiledRuleSet implements GuidelineEngine {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledRuleSet.class);
    public static final String GLOBAL = "alert";

    private final List<KieBase> bases;
    private final List<KieSessionsPool> pools;
    private final RuleSetDefinition definition;
    private final List<RuleInfo> rules;
    private final String version;
    private final Duration compileTime;
    private final FactBuilder factBuilder;

    CompiledRuleSet(List<KieBase> bases, RuleSetDefinition definition, List<RuleInfo> rules, String version,
                    Duration compileTime) {
        this.bases = bases;
        // pooled sessions avoid building a new session per request; a stateless session resets it after use
        this.pools = bases.stream().map(b -> b.newKieSessionsPool(4)).toList();
        this.definition = definition;
        this.rules = rules;
        this.version = version;
        this.compileTime = compileTime;
        this.factBuilder = new FactBuilder(definition.terminology());
    }

    @Override
    public RuleEvaluation evaluate(PatientFacts facts) {
        long t0 = System.nanoTime();
        FactBuilder.FactSet fs = factBuilder.build(facts);
        Alerts alerts = new Alerts(fs.medsById());
        List<FiredRule> fired = new ArrayList<>();
        String[] current = {null};
        DefaultAgendaEventListener listener = new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                alerts.currentMatch(event.getMatch());
                current[0] = String.valueOf(event.getMatch().getRule().getMetaData().get("ruleId"));
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                Match m = event.getMatch();
                fired.add(new FiredRule(id(m), version(m), describe(m)));
                alerts.currentMatch(null);
            }
        };
        List<Object> all = new ArrayList<>(definition.tableFacts().size() + fs.facts().size());
        all.addAll(definition.tableFacts());
        all.addAll(fs.facts());
        try {
            for (KieSessionsPool pool : pools) {
                StatelessKieSession session = pool.newStatelessKieSession();
                session.setGlobal(GLOBAL, alerts);
                session.addEventListener(listener);
                session.execute(all);
            }
        } catch (RuntimeException e) {
            throw new DxGuardException(RuleErrors.EVALUATION_FAILED,
                "rule " + RuleSetCompiler.unquote(current[0]) + " failed in rule set " + version + ": " + e, e);
        }
        List<RuleFinding> findings = new ArrayList<>();
        for (Alerts.Alert a : alerts.alerts()) {
            findings.add(toFinding(a));
        }
        return new RuleEvaluation(findings, fired, version, Duration.ofNanos(System.nanoTime() - t0));
    }

    private RuleFinding toFinding(Alerts.Alert a) {
        Match m = (Match) a.match();
        String id = id(m);
        RuleMeta meta = definition.catalog().get(id);
        String summary = a.summary();
        if (summary.length() > RuleFinding.MAX_SUMMARY) {
            LOG.warn("summary of rule {} is {} characters; truncated to {}", id, summary.length(),
                RuleFinding.MAX_SUMMARY);
            summary = summary.substring(0, RuleFinding.MAX_SUMMARY - 1) + "…";
        }
        return new RuleFinding(id, version(m), meta.guidelineId(), meta.citation(), meta.citationUrl(),
            a.severity(), summary, a.detail(), describe(m), a.action(), meta.needsClinicalReview());
    }

    private static String id(Match m) {
        return RuleSetCompiler.unquote(m.getRule().getMetaData().get("ruleId"));
    }

    private static String version(Match m) {
        return RuleSetCompiler.unquote(m.getRule().getMetaData().get("version"));
    }

    private static List<String> describe(Match m) {
        List<String> out = new ArrayList<>();
        for (Object o : m.getObjects()) {
            if (o instanceof Describable d && !(o instanceof org.dxguard.rules.facts.TableRow)
                && !(o instanceof org.dxguard.rules.facts.PairRow)) {
                out.add(d.describe());
            }
        }
        return out;
    }

    @Override
    public String rulesetVersion() {
        return version;
    }

    /** The rules in this set, with id, version, file and line. */
    public List<RuleInfo> rules() {
        return rules;
    }

    public Duration compileTime() {
        return compileTime;
    }

    public RuleSetDefinition definition() {
        return definition;
    }

    /** Metadata of a rule by id, if present. */
    public java.util.Optional<RuleMeta> meta(String ruleId) {
        return java.util.Optional.ofNullable(definition.catalog().get(ruleId));
    }

    Map<String, RuleMeta> catalog() {
        return definition.catalog();
    }
}
