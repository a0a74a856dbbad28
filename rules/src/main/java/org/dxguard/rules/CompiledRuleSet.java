package org.dxguard.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.LocalizedText;
import org.dxguard.rules.facts.Alerts;
import org.dxguard.rules.facts.Describable;
import org.dxguard.rules.facts.LabFact;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;
import org.dxguard.rules.internal.FactBuilder;
import org.dxguard.rules.internal.TableUse;
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
 * guideline package; each {@link #evaluate} opens a new stateless session on each, inserts the normalised facts plus the reference-table rows that base's rules can match ({@link TableUse}), and
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
    private final Messages messages;
    /** The languages besides English that findings are rendered in. */
    private final List<String> otherLanguages;
    /** Per base (same order), the reference-table rows its rules can match ({@link TableUse}). */
    private final List<List<Object>> tableFactsByBase;
    private final Map<java.util.Locale, List<String>> languagesByLocale = new java.util.concurrent.ConcurrentHashMap<>();

    CompiledRuleSet(List<KieBase> bases, RuleSetDefinition definition, List<RuleInfo> rules, String version,
                    Duration compileTime) {
        this.bases = bases;
        // pooled sessions avoid building a new session per request; a stateless session resets it after use
        this.pools = bases.stream().map(b -> b.newKieSessionsPool(4)).toList();
        this.tableFactsByBase = bases.stream().map(b -> tableFactsFor(b, definition)).toList();
        this.definition = definition;
        this.rules = rules;
        this.version = version;
        this.compileTime = compileTime;
        this.factBuilder = new FactBuilder(definition.terminology());
        this.messages = definition.messages().with(Alerts.ENGINE_MESSAGES);
        Set<String> langs = new java.util.LinkedHashSet<>(this.messages.languages());
        langs.remove(Messages.EN);
        this.otherLanguages = List.copyOf(langs);
    }

    @Override
    public RuleEvaluation evaluate(PatientFacts facts) {
        return evaluate(facts, null);
    }

    /**
     * {@inheritDoc} The translations are formatted for the languages of {@link #languagesFor(java.util.Locale)}
     * only: a card in English needs none, a card in Chinese only the Chinese texts (issue 21: every finding used to
     * be formatted in every language its package has, on every call).
     */
    @Override
    public RuleEvaluation evaluate(PatientFacts facts, java.util.Locale locale) {
        List<String> languages = languagesFor(locale);
        long t0 = System.nanoTime();
        FactBuilder.FactSet fs = factBuilder.build(facts);
        Alerts alerts = new Alerts(fs.medsById(), messages, definition.terminology());
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
        try {
            for (int i = 0; i < pools.size(); i++) {
                List<Object> tables = tableFactsByBase.get(i);
                List<Object> all = new ArrayList<>(tables.size() + fs.facts().size());
                all.addAll(tables);
                all.addAll(fs.facts());
                StatelessKieSession session = pools.get(i).newStatelessKieSession();
                session.setGlobal(GLOBAL, alerts);
                session.addEventListener(listener);
                session.execute(all);
            }
        } catch (RuntimeException e) {
            throw new DxGuardException(RuleErrors.EVALUATION_FAILED,
                "rule " + RuleSetCompiler.unquote(current[0]) + " failed in rule set " + version + ": " + e, e);
        }
        List<RuleFinding> findings = new ArrayList<>();
        java.util.Set<String> askedForCurrent = new java.util.HashSet<>();
        for (Alerts.Alert a : alerts.alerts()) {
            RuleFinding f = tooOldForRule(alerts, a, askedForCurrent, languages);
            if (f == null) {
                f = toFinding(alerts, a, languages);
            }
            if (f != ASKED) {
                findings.add(f);
            }
        }
        return new RuleEvaluation(findings, fired, version, Duration.ofNanos(System.nanoTime() - t0), fs.notes());
    }

    /**
     * When the rule asks for fresher labs than a value it matched ({@code labMaxAgeDays} in package.yaml), its card
     * is replaced by one that asks for a current value (once per rule and lab kind); null when no limit is broken.
     */
    private RuleFinding tooOldForRule(Alerts alerts, Alerts.Alert a, java.util.Set<String> asked,
                                      List<String> languages) {
        Match m = (Match) a.match();
        String id = id(m);
        RuleMeta meta = definition.catalog().get(id);
        if (meta == null || meta.labMaxAgeDays().isEmpty()) {
            return null;
        }
        for (Object o : m.getObjects()) {
            if (o instanceof LabFact l && meta.labMaxAgeDays().containsKey(l.kind())) {
                int limit = meta.labMaxAgeDays().get(l.kind());
                if (l.ageDays() >= 0 && l.ageDays() <= limit) {
                    continue;
                }
                if (!asked.add(id + "|" + l.kind())) {
                    return ASKED;
                }
                java.util.function.Function<String, LocalizedText> text = lang -> {
                    Map<String, Object> p = new java.util.LinkedHashMap<>();
                    p.put("lab", alerts.labLabel(l.kind(), l.label(), lang));
                    p.put("limit", limit);
                    p.put("age", l.ageDays() < 0 ? -1 : l.ageDays());
                    p.put("rule", id);
                    p.put("title", meta.title());
                    p.put("fact", alerts.lines().line(l, lang));
                    String label = "EGFR".equals(l.kind()) ? messages.format("action.order-egfr", lang, Map.of())
                        : messages.format("action.order-lab", lang, p);
                    return new LocalizedText(fit(id, messages.format("lab.too-old.summary", lang, p)),
                        messages.format("lab.too-old.detail", lang, p), label);
                };
                LocalizedText en = text.apply(Messages.EN);
                SuggestedAction action = "EGFR".equals(l.kind()) ? new SuggestedAction(SuggestedAction.Kind.ORDER_LAB,
                    en.actionLabel(), null, null, Alerts.EGFR_ORDER_CODE)
                    : new SuggestedAction(SuggestedAction.Kind.ORDER_LAB, en.actionLabel(), null, null,
                        new org.dxguard.model.Code(org.dxguard.model.Code.LOINC, l.loinc(), l.label()));
                Map<String, LocalizedText> translations = new java.util.LinkedHashMap<>();
                for (String lang : languages) {
                    translations.put(lang, text.apply(lang).withBasedOn(basedOn(alerts, m, lang)));
                }
                return new RuleFinding(id, version(m), meta.guidelineId(), meta.citation(), meta.citationUrl(),
                    Severity.WARNING, en.summary(), en.detail(), describe(m), action, meta.needsClinicalReview(),
                    translations);
            }
        }
        return null;
    }

    /** Marks an alert replaced by an earlier "needs a current value" finding of the same rule. */
    private static final RuleFinding ASKED = new RuleFinding("ASKED", "0", "none", "none", null, Severity.INFO,
        "replaced", null, null, null, false);

    private RuleFinding toFinding(Alerts alerts, Alerts.Alert a, List<String> languages) {
        Match m = (Match) a.match();
        String id = id(m);
        RuleMeta meta = definition.catalog().get(id);
        String summary = fit(id, a.summary());
        Map<String, LocalizedText> translations = new java.util.LinkedHashMap<>();
        if (a.templated()) {
            for (String lang : languages) {
                LocalizedText t = a.in(lang, labNotes(alerts, m, lang));
                if (t != null) {
                    translations.put(lang, t.withBasedOn(basedOn(alerts, m, lang)));
                }
            }
        }
        return new RuleFinding(id, version(m), meta.guidelineId(), meta.citation(), meta.citationUrl(),
            a.severity(), summary, withNotes(a.detail(), labNotes(alerts, m, Messages.EN)), describe(m), a.action(),
            meta.needsClinicalReview(), translations);
    }

    /**
     * The languages besides English a finding is formatted in for a card in {@code locale}: those of the same
     * language as {@code locale} ({@link RuleFinding#in} picks the exact tag, else the language alone, else another
     * tag of that language: all of them are among these); every one when {@code locale} is null; none for English.
     */
    List<String> languagesFor(java.util.Locale locale) {
        if (locale == null) {
            return otherLanguages;
        }
        return languagesByLocale.computeIfAbsent(locale, l -> otherLanguages.stream()
            .filter(lang -> java.util.Locale.forLanguageTag(lang).getLanguage().equals(l.getLanguage())).toList());
    }

    /**
     * The table rows the rules of {@code base} can match: those of the tables its DRL files name
     * ({@link TableUse#tablesMatched}), every row when that cannot be told.
     */
    private static List<Object> tableFactsFor(KieBase base, RuleSetDefinition definition) {
        Set<String> packages = new java.util.HashSet<>();
        base.getKiePackages().forEach(p -> packages.add(p.getName()));
        List<String> texts = definition.sources().stream()
            .filter(s -> packages.contains(org.dxguard.rules.internal.DrlScanner.packageName(s.text())))
            .map(RuleSource::text).toList();
        return TableUse.rowsFor(definition.tableFacts(), texts.isEmpty() ? null : TableUse.tablesMatched(texts));
    }

    private static String fit(String id, String summary) {
        if (summary.length() > RuleFinding.MAX_SUMMARY) {
            LOG.warn("summary of rule {} is {} characters; truncated to {}", id, summary.length(),
                RuleFinding.MAX_SUMMARY);
            return summary.substring(0, RuleFinding.MAX_SUMMARY - 1) + "…";
        }
        return summary;
    }

    /** For every lab value the rule matched, its value, date and age (the card says how old it is); null if none. */
    private String labNotes(Alerts alerts, Match m, String lang) {
        List<String> lines = new ArrayList<>();
        for (Object o : m.getObjects()) {
            if (o instanceof LabFact l) {
                Map<String, Object> p = new java.util.LinkedHashMap<>();
                p.put("lab", alerts.labLabel(l.kind(), l.label(), lang));
                p.put("value", l.valueText());
                p.put("unit", alerts.lines().unitText(l, lang));
                p.put("derived", alerts.lines().derivedNote(l, lang));
                p.put("dated", !l.date().isEmpty());
                p.put("date", l.date());
                p.put("age", Math.max(0, l.ageDays()));
                lines.add(messages.format("lab.note", lang, p));
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        return messages.format("lab.based-on", lang,
            Map.of("notes", String.join(messages.format("lab.separator", lang, Map.of()), lines)));
    }

    private static String withNotes(String detail, String notes) {
        if (notes == null) {
            return detail;
        }
        return detail == null || detail.isBlank() ? notes : detail + "\n\n" + notes;
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
            if (isEvidence(o)) {
                out.add(((Describable) o).describe());
            }
        }
        return out;
    }

    /** The "Based on" lines in {@code lang}: {@link #describe}'s facts rendered from their parts (issue 20). */
    private static List<String> basedOn(Alerts alerts, Match m, String lang) {
        List<String> out = new ArrayList<>();
        for (Object o : m.getObjects()) {
            if (isEvidence(o)) {
                out.add(alerts.lines().line((Describable) o, lang));
            }
        }
        return out;
    }

    private static boolean isEvidence(Object o) {
        return o instanceof Describable && !(o instanceof org.dxguard.rules.facts.TableRow)
            && !(o instanceof org.dxguard.rules.facts.PairRow);
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
