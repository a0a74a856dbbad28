package org.dxguard.rules.veto;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import org.dxguard.model.Candidate;
import org.dxguard.model.Claim;
import org.dxguard.model.ClaimVerdict;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Evidence;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;
import org.dxguard.model.Units;
import org.dxguard.model.Veto;
import org.dxguard.rules.GuidelineEngine;
import org.dxguard.rules.RuleCompilationException;
import org.dxguard.rules.LabValues;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.rules.RuleInfo;
import org.dxguard.rules.RuleMeta;
import org.dxguard.rules.RuleSetCompiler;
import org.dxguard.rules.RuleSetDefinition;
import org.dxguard.rules.RuleSource;
import org.dxguard.rules.Terminology;
import org.dxguard.rules.internal.RuleBase;
import org.dxguard.rules.veto.facts.CaseEvidence;
import org.dxguard.rules.veto.facts.CaseFinding;
import org.dxguard.rules.veto.facts.CitedText;
import org.dxguard.rules.veto.facts.ClaimFact;
import org.dxguard.rules.veto.facts.KnownDiagnosis;
import org.dxguard.rules.veto.facts.KnownExcerpt;
import org.dxguard.rules.veto.facts.RecordedValue;
import org.dxguard.rules.veto.internal.Citations;
import org.dxguard.rules.veto.internal.FindingNames;
import org.kie.api.KieBase;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.StatelessKieSession;

/**
 * The veto: judges every claim of a model's output against this patient before anything is shown.
 *
 * <ul>
 *   <li><b>Drug and dose claims</b> that recommend giving a drug ({@link Claim#recommendsDrug()}) are evaluated by the
 *       <em>guideline rules themselves</em>: each becomes a hypothetical draft order ({@code PatientFacts.toBuilder()
 *       .draftOrder(...)}, id {@code veto-<claimId>}) and the claim is vetoed by every finding about that order that is
 *       CRITICAL or suggests cancelling or changing it (a warning without such an action, e.g. over-basalization or
 *       a missing eGFR, is not a veto). One rule base thus serves the order-sign cards and the veto, and a veto names
 *       the guideline rule, its guideline and citation. An insulin whose type is not named is checked as basal
 *       insulin (glargine), the stricter reading.</li>
 *   <li><b>Other claims</b> go through the veto rule base ({@code veto-rules.drl}, Drools): evidence not in the case
 *       (VETO-GRD-001), a quoted lab value not in the record (VETO-GRD-002), a diagnosis that is neither a candidate
 *       nor a recorded condition (VETO-DX-001), a cited guideline excerpt that does not exist (VETO-GRD-003), a
 *       citation attached to text that names another finding of the case and not the cited one ("Chills
 *       [ev:arthralgia]", VETO-GRD-004; the attachment is computed from the claim's {@code span}, the sentence the
 *       citation was read from, see {@code internal.Citations}; synonyms in {@code finding-synonyms.csv}),
 *       a key finding not reported for the patient cited as support ("Arthralgia [ev:arthralgia] supports it" where
 *       arthralgia is only missing evidence, VETO-GRD-005), directive, time-critical wording (VETO-DIR-001).</li>
 * </ul>
 * Negated claims ("do not start metformin") and stop recommendations are not recommendations and are allowed.
 * Thread-safe; the veto rule base is compiled once per JVM, by {@link RuleSetCompiler} like the guideline rules (the
 * same checks: ids, versions, a catalog row with a citation in {@code veto-rules.csv}, no fact modified).
 */
public final class VetoEngine {
    public static final String GUIDELINE_ID = "dxguard-veto";
    private static final String RES = "/org/dxguard/rules/veto/";
    private static final String DRAFT_PREFIX = "veto-";
    private static volatile Compiled compiled;

    private record Meta(String id, String title, String citation, String url) {}

    /** The reporting global of the veto rules. */
    private static final String VETO_GLOBAL = "org.dxguard.rules.veto.VetoCollector veto";

    /** The compiled veto rules: one KieBase (one DRL package), each rule's id and version by rule name. */
    private record Compiled(List<KieBase> bases, Map<String, Meta> meta, Map<String, RuleInfo> byName,
                            String version, FindingNames names) {}

    private final GuidelineEngine guidelines;
    private final Terminology terminology;
    private final Supplier<Set<String>> excerptIds;

    private VetoEngine(GuidelineEngine guidelines, Terminology terminology, Supplier<Set<String>> excerptIds) {
        this.guidelines = guidelines;
        this.terminology = terminology;
        this.excerptIds = excerptIds == null ? Set::of : excerptIds;
        compiled();
    }

    /**
     * @param guidelines  the active guideline rules (e.g. {@code GuidelineRepository.engine()}, which follows reloads)
     * @param terminology the terminology the guidelines use (ingredient codes, lab kinds, condition tags)
     */
    public static VetoEngine create(GuidelineEngine guidelines, Terminology terminology) {
        return new VetoEngine(guidelines, terminology, Set::of);
    }

    /**
     * As {@link #create(GuidelineEngine, Terminology)}, with the ids of the guideline excerpts an explanation may
     * cite (read on every review, so it follows guideline reloads); a cited excerpt id not among them is vetoed
     * (VETO-GRD-003). Without it no excerpt citation is allowed.
     */
    public static VetoEngine create(GuidelineEngine guidelines, Terminology terminology,
                                    Supplier<Set<String>> excerptIds) {
        return new VetoEngine(guidelines, terminology, excerptIds);
    }

    /** The version of the veto rule base, e.g. {@code dxguard-veto@1.0.0#3f2a9c1d12ab}. */
    public String vetoRulesVersion() {
        return compiled().version();
    }

    /** The ids of the veto rules (not counting the guideline rules that veto drug claims). */
    public List<String> vetoRuleIds() {
        return List.copyOf(compiled().meta().keySet());
    }

    /** Judges every claim. Never returns null; a claim no rule objects to is allowed. */
    public VetoResult review(PatientFacts facts, List<Candidate> candidates, List<Claim> claims) {
        Map<String, List<Veto>> byClaim = new LinkedHashMap<>();
        claims.forEach(c -> byClaim.put(c.id(), new ArrayList<>()));
        drugClaims(facts, claims, byClaim);
        String rulesetVersion = guidelines.rulesetVersion();
        otherClaims(facts, candidates, claims, byClaim);
        List<ClaimVerdict> verdicts = claims.stream().map(c -> new ClaimVerdict(c, byClaim.get(c.id()))).toList();
        return new VetoResult(verdicts, rulesetVersion, vetoRulesVersion());
    }

    // ---------------------------------------------------------------- drug claims: the guideline rules

    private void drugClaims(PatientFacts facts, List<Claim> claims, Map<String, List<Veto>> out) {
        PatientFacts.Builder b = facts.toBuilder();
        Map<String, Claim> byDraft = new LinkedHashMap<>();
        for (Claim c : claims) {
            if (!c.recommendsDrug()) {
                continue;
            }
            String ingredient = c.subject().equals("insulin") ? "insulin glargine" : c.subject();
            boolean er = "ER".equals(c.release());
            // an extended-release claim is ordered by name ("metformin extended release") so the rules see release ER
            List<Code> codes = er ? List.of() : terminology.ingredient(ingredient).map(Terminology.Ingredient::rxcui)
                .filter(r -> !r.isEmpty()).map(r -> List.of(new Code(Code.RXNORM, r, ingredient))).orElse(List.of());
            String id = DRAFT_PREFIX + c.id();
            // a dose the model stated without a frequency is read as a daily amount (the stricter reading for limits)
            org.dxguard.model.Dose dose = c.dose() == null || c.dose().frequency() != null ? c.dose()
                : new org.dxguard.model.Dose(c.dose().amount(), c.dose().unit(),
                    org.dxguard.model.DoseFrequency.ONCE_DAILY, c.dose().route(), c.dose().maxPerDay());
            b.draftOrder(new Medication(id, codes, er ? ingredient + " extended release" : ingredient, dose,
                MedicationStatus.DRAFT, facts.asOf()));
            byDraft.put(id, c);
        }
        if (byDraft.isEmpty()) {
            return;
        }
        RuleEvaluation ev = guidelines.evaluate(b.build());
        for (RuleFinding f : ev.findings()) {
            for (Map.Entry<String, Claim> e : byDraft.entrySet()) {
                if (about(f, e.getKey()) && vetoes(f, e.getKey())) {
                    out.get(e.getValue().id()).add(new Veto(e.getValue().id(), f.ruleId(), f.ruleVersion(),
                        f.guidelineId(), f.citation(), f.citationUrl(), f.severity(), f.summary()));
                }
            }
        }
    }

    private static boolean about(RuleFinding f, String draftId) {
        String ref = "MedicationRequest/" + draftId + " ";
        return f.triggeredBy().stream().anyMatch(t -> t.startsWith(ref))
            || (f.action() != null && draftId.equals(f.action().targetMedicationId()));
    }

    private static boolean vetoes(RuleFinding f, String draftId) {
        if (f.severity() == Severity.CRITICAL) {
            return true;
        }
        SuggestedAction a = f.action();
        return f.severity() == Severity.WARNING && a != null && draftId.equals(a.targetMedicationId())
            && (a.kind() == SuggestedAction.Kind.CANCEL_ORDER || a.kind() == SuggestedAction.Kind.CHANGE_DOSE);
    }

    // ---------------------------------------------------------------- other claims: veto-rules.drl

    private void otherClaims(PatientFacts facts, List<Candidate> candidates, List<Claim> claims,
                             Map<String, List<Veto>> out) {
        List<Object> wm = new ArrayList<>();
        List<KnownDiagnosis> known = new ArrayList<>();
        Map<String, Evidence> findingById = new LinkedHashMap<>();
        Set<String> presentIds = new java.util.HashSet<>();
        for (Candidate c : candidates) {
            for (Evidence e : c.supporting()) {
                findingById.putIfAbsent(e.id(), e);
                presentIds.add(e.id());
            }
            for (Evidence e : c.missing()) {
                findingById.putIfAbsent(e.id(), e);
            }
            known.add(new KnownDiagnosis(key(c.name()), c.name(), "candidate"));
            if (c.disease().display() != null) {
                known.add(new KnownDiagnosis(key(c.disease().display()), c.disease().display(), "candidate"));
            }
            for (Evidence e : c.supporting()) {
                wm.add(new CaseEvidence(e.id()));
            }
            for (Evidence e : c.missing()) {
                wm.add(new CaseEvidence(e.id()));
            }
        }
        for (Condition c : facts.conditions()) {
            if (!c.active()) {
                continue;
            }
            if (c.text() != null) {
                known.add(new KnownDiagnosis(key(c.text()), c.text(), "record"));
            }
            for (Code code : c.codes()) {
                if (code.display() != null) {
                    known.add(new KnownDiagnosis(key(code.display()), code.display(), "record"));
                }
                for (Terminology.ConditionTag t : terminology.conditionTags(code)) {
                    if (t.display() != null && !t.display().isBlank()) {
                        known.add(new KnownDiagnosis(key(t.display()), t.display(), "record"));
                    }
                }
            }
        }
        known.removeIf(k -> k.key().isEmpty());
        wm.addAll(known);
        List<LabValues.Reading> recorded = new ArrayList<>();
        List<Observation> recordedObs = new ArrayList<>();
        for (Observation o : facts.observations()) {
            // the same canonicalisation as the rules' facts: a value without a usable unit is not a recorded value
            Optional<LabValues.Reading> r = LabValues.read(terminology, o);
            if (r.isPresent() && r.get().usable()) {
                wm.add(new RecordedValue(r.get().kind(), r.get().value(), o.id() == null ? "" : o.id()));
                recorded.add(r.get());
                recordedObs.add(o);
            }
        }
        Set<String> presentCodes = new java.util.HashSet<>();
        facts.findings().stream().filter(org.dxguard.model.Finding::present)
            .forEach(f -> presentCodes.add(f.code().system() + "|" + f.code().code()));
        findingById.values().forEach(e -> wm.add(new CaseFinding(e.id(), e.label(), presentIds.contains(e.id())
            || presentCodes.contains(e.finding().system() + "|" + e.finding().code()))));
        CitationCheck citations = new CitationCheck(compiled().names(), findingById, facts.findings());
        boolean any = false;
        boolean excerptsAdded = false;
        for (Claim c : claims) {
            if (c.kind() == Claim.Kind.EVIDENCE) {
                citations.check(c).ifPresent(wm::add);
            }
            ClaimFact f = switch (c.kind()) {
                case GUIDELINE_EXCERPT -> {
                    if (!excerptsAdded) {
                        Set<String> ids = excerptIds.get();
                        (ids == null ? Set.<String>of() : ids).forEach(id -> wm.add(new KnownExcerpt(id)));
                        excerptsAdded = true;
                    }
                    yield new ClaimFact(c.id(), c.kind().name(), c.subject(), c.subject(), c.negated(), 0, 0);
                }
                case EVIDENCE, DIRECTIVE -> new ClaimFact(c.id(), c.kind().name(), c.subject(), c.subject(), c.negated(), 0, 0);
                case DIAGNOSIS -> new ClaimFact(c.id(), c.kind().name(), c.subject(), diagnosisKey(c.subject(), known),
                    c.negated(), 0, 0);
                case LAB_VALUE -> labFact(c, recorded, recordedObs);
                default -> null;
            };
            if (f != null) {
                wm.add(f);
                any = true;
            }
        }
        if (!any) {
            return;
        }
        Compiled k = compiled();
        VetoCollector collector = new VetoCollector();
        StatelessKieSession session = k.bases().get(0).newStatelessKieSession();
        session.setGlobal("veto", collector);
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                RuleInfo rule = k.byName().get(event.getMatch().getRule().getName());
                collector.current(rule.ruleId(), rule.version());
            }
        });
        try {
            session.execute(wm);
        } catch (RuntimeException e) {
            throw new DxGuardException(VetoErrors.REVIEW_FAILED, "veto rules failed: " + e, e);
        }
        for (VetoCollector.Rejection r : collector.rejections()) {
            Meta m = k.meta().get(r.ruleId());
            Severity sev = r.ruleId().startsWith("VETO-DIR") || r.ruleId().startsWith("VETO-GRD") ? Severity.CRITICAL
                : Severity.WARNING;
            out.get(r.claimId()).add(new Veto(r.claimId(), r.ruleId(), r.ruleVersion(), GUIDELINE_ID, m.citation(),
                m.url(), sev, r.reason()));
        }
    }

    /** Builds the {@link CitedText} of evidence claims read from free text (VETO-GRD-004, VETO-GRD-005). */
    private static final class CitationCheck {
        private static final int MAX_QUOTED = 120;
        /** Sentences of these fields state the case; list items (wouldConfirm, nextSteps…) and ids do not. */
        private static final java.util.regex.Pattern STATING_FIELD =
            java.util.regex.Pattern.compile("^(summary|text|candidates\\[\\d+]\\.rationale)#s\\d+$");
        private static final java.util.regex.Pattern SUPPORT = java.util.regex.Pattern.compile("(?i)\\b(supports?|"
            + "supporting|supported|consistent\\s+with|suggests?|suggesting|suggestive\\s+of|points?\\s+to(?:wards?)?|"
            + "pointing\\s+to|in\\s+favou?r\\s+of|favou?rs?|favou?ring|present(?:s|ed|ing)?\\s+with|reports?|reported|"
            + "reporting|complains?\\s+of|complained\\s+of|has|have|had|shows?|showed|showing|exhibits?|exhibited|"
            + "confirms?|confirmed|present)\\b|支持|符合|提示|伴有|出现|存在");
        private static final java.util.regex.Pattern ABSENCE = java.util.regex.Pattern.compile("(?i)\\b(no|not|none|nor|"
            + "neither|absent|absence|without|den(?:y|ies|ied|ying)|lacks?|lacking|negative|missing|pending|yet|would|"
            + "could|might|may|can|if|when|whether|unless|assess\\w*|check\\w*|ask|look\\s+for|evaluat\\w*|"
            + "to\\s+confirm|exclud\\w*|rules?\\s+out|ruled\\s+out|key\\s+findings?|expected|typical\\w*|usually|often|"
            + "common\\w*|unknown|unreported|needed|needs?|await\\w*)\\b|无|未|没有|否认|缺乏|不|若|如果|可能|待");
        private final FindingNames names;
        private final Map<String, FindingNames.Finding> findings = new LinkedHashMap<>();
        private final List<FindingNames.Finding> all = new ArrayList<>();

        CitationCheck(FindingNames names, Map<String, Evidence> byId, List<org.dxguard.model.Finding> record) {
            this.names = names;
            byId.forEach((id, e) -> findings.put(id, names.finding(e)));
            all.addAll(findings.values());
            Set<String> codes = new java.util.HashSet<>();
            all.forEach(f -> codes.add(f.identity()));
            for (org.dxguard.model.Finding f : record) {
                Code code = f.code();
                if (codes.add(code.system() + "|" + code.code())) {
                    all.add(names.finding("record:" + code.code(), code.display(), code));
                }
            }
        }

        Optional<CitedText> check(Claim c) {
            FindingNames.Finding cited = findings.get(c.subject());
            if (cited == null) {
                return Optional.empty();
            }
            boolean support = STATING_FIELD.matcher(c.field()).matches() && SUPPORT.matcher(c.span()).find()
                && !ABSENCE.matcher(c.span()).find();
            List<String> texts = Citations.attachedTexts(c.span(), c.subject());
            CitedText first = null;
            for (String t : texts) {
                List<FindingNames.Finding> instead = names.namedInstead(t, cited, all);
                String quoted = t.length() > MAX_QUOTED ? "…" + t.substring(t.length() - MAX_QUOTED) : t;
                CitedText ct = new CitedText(c.id(), c.subject(), quoted, cited.unnamed() || names.mentions(t, cited),
                    instead.stream().map(FindingNames.Finding::label).toList(), support);
                if (!instead.isEmpty()) {
                    return Optional.of(ct);
                }
                first = first == null ? ct : first;
            }
            return Optional.ofNullable(first);
        }
    }

    /**
     * A quoted lab value as a range in the kind's unit: converted with its unit by {@link LabValues} (the rules'
     * canonicalisation); a value quoted without a unit is not assumed to be in any unit: it matches a recorded value
     * only if the same number (within rounding) was recorded, whatever that record's unit.
     */
    private ClaimFact labFact(Claim c, List<LabValues.Reading> recorded, List<Observation> recordedObs) {
        String kind = c.subject();
        double v = c.value();
        int scale = Math.max(0, BigDecimal.valueOf(v).stripTrailingZeros().scale());
        double rounding = 0.5 * Math.pow(10, -scale);
        String quoted = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() + (c.unit() == null ? "" : " " + c.unit());
        if (c.unit() == null || c.unit().isBlank()) {
            for (int i = 0; i < recorded.size(); i++) {
                Observation o = recordedObs.get(i);
                if (recorded.get(i).kind().equals(kind)
                    && Math.abs(o.value() - v) <= Math.max(0.02 * Math.abs(o.value()), rounding)) {
                    double canonical = recorded.get(i).value();
                    return new ClaimFact(c.id(), "LAB_VALUE", kind, quoted, c.negated(), canonical - 1e-9,
                        canonical + 1e-9);
                }
            }
            return new ClaimFact(c.id(), "LAB_VALUE", kind, quoted, c.negated(), v - rounding, v + rounding);
        }
        Terminology.LabCode lab = new Terminology.LabCode("", kind, "", "", "");
        LabValues.Reading r = LabValues.read(terminology, lab, v, c.unit());
        if (!r.usable()) {
            // a unit that cannot be read: only the same number in the kind's unit can match
            return new ClaimFact(c.id(), "LAB_VALUE", kind, quoted, c.negated(), v - rounding, v + rounding);
        }
        double canonical = r.value();
        boolean converted = !r.how().isEmpty();
        double tol = converted ? Math.max(0.03 * Math.abs(canonical), v == 0 ? rounding : rounding * Math.abs(canonical / v))
            : Math.max(0.02 * Math.abs(v), rounding);
        return new ClaimFact(c.id(), "LAB_VALUE", kind, quoted, c.negated(), canonical - tol, canonical + tol);
    }

    /** The key of a known diagnosis that contains, or is contained in, the claim's (4+ characters); else its own. */
    private static String diagnosisKey(String subject, List<KnownDiagnosis> known) {
        String k = key(subject);
        for (KnownDiagnosis d : known) {
            if (d.key().equals(k)) {
                return k;
            }
        }
        for (KnownDiagnosis d : known) {
            if (k.length() >= 4 && d.key().length() >= 4 && (d.key().contains(k) || k.contains(d.key()))) {
                return d.key();
            }
        }
        return k;
    }

    /** Lower-case letters and digits only, without "mellitus" and "(disorder)". */
    public static String key(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).replace("(disorder)", "").replace("mellitus", "")
            .replaceAll("[^\\p{L}\\p{N}]", "");
    }

    // ---------------------------------------------------------------- compile once

    private static Compiled compiled() {
        Compiled c = compiled;
        if (c == null) {
            synchronized (VetoEngine.class) {
                c = compiled;
                if (c == null) {
                    c = compile();
                    compiled = c;
                }
            }
        }
        return c;
    }

    /** The veto rule base, through the one Drools pipeline of the rules module ({@link RuleSetCompiler}). */
    private static Compiled compile() {
        String drl = resource("veto-rules.drl");
        String csv = resource("veto-rules.csv");
        String synonymsCsv = resource("finding-synonyms.csv");
        List<List<String>> groups = new ArrayList<>();
        for (Terminology.Row r : Terminology.readCsv("finding-synonyms.csv", synonymsCsv, "finding")) {
            List<String> g = new ArrayList<>();
            g.add(r.req("finding"));
            for (String syn : r.opt("synonyms").split("\\|")) {
                if (!syn.isBlank()) {
                    g.add(syn.strip());
                }
            }
            groups.add(g);
        }
        Map<String, Meta> meta = new LinkedHashMap<>();
        RuleSetDefinition.Builder def = RuleSetDefinition.builder().versionLabel(GUIDELINE_ID + "@1.0.0")
            .source(new RuleSource(GUIDELINE_ID, GUIDELINE_ID + "/veto-rules.drl", drl));
        for (Terminology.Row r : Terminology.readCsv("veto-rules.csv", csv, "id", "title", "citation", "url")) {
            meta.put(r.req("id"), new Meta(r.req("id"), r.opt("title"), r.req("citation"), r.opt("url")));
            def.rule(new RuleMeta(r.req("id"), GUIDELINE_ID, r.opt("title"), r.req("citation"), r.opt("url"), false));
        }
        RuleBase base;
        try {
            base = RuleSetCompiler.compileRuleBase(def.build(), VETO_GLOBAL);
        } catch (RuleCompilationException e) {
            throw new DxGuardException(VetoErrors.RULES_INVALID, "veto-rules.drl and veto-rules.csv: "
                + e.getMessage(), e);
        }
        Map<String, RuleInfo> byName = new LinkedHashMap<>();
        base.rules().forEach(r -> byName.put(r.name(), r));
        return new Compiled(base.bases(), Map.copyOf(meta), byName,
            GUIDELINE_ID + "@1.0.0#" + sha(drl + csv + synonymsCsv), new FindingNames(groups));
    }

    private static String resource(String name) {
        try (InputStream in = VetoEngine.class.getResourceAsStream(RES + name)) {
            if (in == null) {
                throw new DxGuardException(VetoErrors.RULES_INVALID, RES + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DxGuardException(VetoErrors.RULES_INVALID, "cannot read " + name + ": " + e, e);
        }
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
