package org.dxguard.safety;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.Candidate;
import org.dxguard.model.Claim;
import org.dxguard.model.ClaimVerdict;
import org.dxguard.model.Code;
import org.dxguard.model.Dose;
import org.dxguard.model.Evidence;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.model.Medication;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Severity;
import org.dxguard.model.Veto;
import org.dxguard.reasoner.claims.ClaimExtractor;
import org.dxguard.reasoner.claims.Sentences;
import org.dxguard.rules.Terminology;
import org.dxguard.rules.veto.VetoEngine;
import org.dxguard.rules.veto.VetoResult;

/**
 * The one path from a model's answer to a clinician's question to what the clinician may see (issue 19), the
 * answer's counterpart of {@link ExplanationGuard}. Every claim of the answer goes through the veto
 * ({@link VetoEngine}: drugs and doses as hypothetical orders for this patient through the guideline rules, quoted
 * values against the record, cited ids, diagnoses, directive wording), plus the answer checks of Ask
 * ({@code answer-rules.csv}, guideline id {@code dxguard-ask}):
 * <ul>
 *   <li>a relative dose change ("double the insulin dose", "increase metformin by 50 %", "胰岛素加倍") becomes the
 *       patient's current dose of that drug times the factor, checked by the guideline rules as a hypothetical order;
 *       when the record has no current dose it cannot be checked: {@code ASK-DOSE-001};</li>
 *   <li>an instruction addressed to the patient about their own treatment ("adjust your insulin yourself",
 *       "患者可自行调整胰岛素"): {@code ASK-DIR-001};</li>
 *   <li>an imperative or time-bound medication change ("Double the insulin dose tonight", "今晚停用二甲双胍"):
 *       {@code ASK-DIR-002}.</li>
 * </ul>
 * The answer may cite the patient's facts by id ({@code [F1]}: each is evidence of a pseudo-candidate "the
 * patient's record", so a citation attached to another fact is vetoed like any other, VETO-GRD-004) and guideline
 * excerpts by id ({@code [ADA-EXC-001]}: a cited excerpt id must exist, VETO-GRD-003). A sentence with any vetoed
 * claim is cut; what remains keeps its lines. The cut sentences are named to the clinician only by a category key
 * ({@link Cut#key()}), never by their text. Thread-safe.
 */
public final class AnswerGuard {
    public static final String GUIDELINE_ID = "dxguard-ask";
    /** The pseudo-candidate whose evidence is the facts an answer may cite. */
    static final String RECORD = "the patient's record";
    private static final Pattern EXCERPT_ID = Pattern.compile("[A-Z][A-Z0-9]*(-[A-Z0-9]+)+");

    private static final Pattern DOUBLE_CHECK = Pattern.compile("(?i)\\bdouble[- ]?check");
    private static final List<Map.Entry<Pattern, Double>> FACTORS = List.of(
        Map.entry(Pattern.compile("(?i)\\b(?:doubl(?:e|ed|es|ing)|twice\\s+the\\s+(?:current\\s+|usual\\s+)?dose)\\b"
            + "|加倍|翻倍|增加一倍|翻一番|两倍"), 2.0),
        Map.entry(Pattern.compile("(?i)\\btripl(?:e|ed|es|ing)\\b|三倍"), 3.0),
        Map.entry(Pattern.compile("(?i)\\bhalv(?:e|ed|es|ing)\\b|减半"), 0.5));
    private static final Pattern PERCENT_UP = Pattern.compile("(?i)\\b(?:increas|rais|titrat|uptitrat)\\w*\\b[^.;]{0,40}?"
        + "\\bby\\s+(\\d{1,3}(?:\\.\\d+)?)\\s*(?:%|percent)|(?:增加|上调|加量)(\\d{1,3})\\s*%");
    private static final Pattern PERCENT_DOWN = Pattern.compile("(?i)\\b(?:reduc|decreas|lower|cut)\\w*\\b[^.;]{0,40}?"
        + "\\bby\\s+(\\d{1,3}(?:\\.\\d+)?)\\s*(?:%|percent)|(?:减少|下调|减量)(\\d{1,3})\\s*%");

    /** Treatment words: an instruction about one of these is about the patient's treatment. */
    private static final String TREATMENT = "(?:insulin|dose|doses|dosage|medication|medications|medicine|medicines|"
        + "tablets?|pills?|injections?|units|treatment|drugs?)";
    private static final String ADJUST = "(?:adjust|change|increase|decrease|reduce|raise|lower|titrate|double|halve"
        + "|skip|stop|modify|alter)";
    /**
     * Instructions addressed to the patient about their own treatment. The answer is written to the clinician, so
     * "you" alone is the clinician ("you could reduce glargine by 10 %" is a suggestion); "your insulin",
     * "themselves", "tell the patient to double" are not.
     */
    private static final List<Pattern> PATIENT_INSTRUCTION = List.of(
        Pattern.compile("(?i)\\b" + ADJUST + "\\w*\\s+(?:all\\s+)?your\\s+(?!patient)(?:own\\s+|daily\\s+|usual\\s+|next\\s+|"
            + "evening\\s+|morning\\s+|basal\\s+|bolus\\s+)*" + TREATMENT + "\\b"),
        Pattern.compile("(?i)\\b" + ADJUST + "\\w*\\b[^.;]{0,60}\\b(?:yourself|themselves|himself|herself|on\\s+(?:your|their|"
            + "his|her)\\s+own)\\b"),
        Pattern.compile("(?i)\\b(?:tell|instruct|ask|advise|let|have)\\s+(?:the\\s+|this\\s+)?(?:patient|him|her|them)\\s+"
            + "(?:to\\s+)?(?:self-?)?" + ADJUST + "\\b"),
        Pattern.compile("自行(?:调整|调节|增加|减少|加量|减量|停用|停药|注射|加倍|更改)|自己(?:调整|调节|增加|减少|加量|减量|停药|停用|加倍)"
            + "|患者可(?:以)?(?:自行|自己)|您的(?:胰岛素|剂量|药)"));
    private static final Pattern TREATMENT_WORD = Pattern.compile("(?i)\\b" + TREATMENT + "\\b|胰岛素|剂量|药");
    private static final Pattern INSTRUCTION_NEG = Pattern.compile("(?i)\\b(?:not|never|no|don't|do\\s+not|avoid|"
        + "should\\s+not|shouldn't|must\\s+not|rather\\s+than|instead\\s+of)\\b|不要|不应|不宜|勿|禁止|避免|不能|不可|不得");
    private static final Pattern IMPERATIVE = Pattern.compile("(?i)^[\\s>*•\\-–\\d.)]*(?:please\\s+)?(?:start|stop|"
        + "double|triple|halve|increase|decrease|reduce|raise|give|take|inject|hold|add|switch|titrate|cut|administer|"
        + "discontinue|begin)\\b|^[\\s>*•\\-–\\d.)]*(?:请)?(?:今晚|今天|今日|现在|马上|立即|立刻)?(?:开始|停用|停止|加用|加倍|增加|减少|注射|给予|服用)"
        + "|^[\\s>*•\\-–\\d.)]*(?:请)?(?:今晚|今天|今日|今夜|现在|马上|立即|立刻)?(?:就)?(?:把|将)[^，。；,;]{1,24}?(?:加倍|翻倍|增加|减少|减半|停用|停掉|"
        + "停止|改为|调至|加至|增至|减至|调整)");
    private static final Pattern TIME_BOUND = Pattern.compile("(?i)\\b(?:tonight|today|now|this\\s+(?:evening|morning|"
        + "afternoon|night)|right\\s+away|at\\s+bedtime\\s+tonight|before\\s+(?:bed|dinner|supper)\\s+tonight)\\b"
        + "|今晚|今天|今日|现在|今夜|马上|立即|立刻");

    /** One cut sentence: its index among the answer's sentences, the vetoes, and the category a clinician is shown. */
    public record Cut(int sentence, List<Veto> vetoes, String key) {}

    /**
     * What the guard decided. {@code shownText}: the answer with the cut sentences removed (model text, not yet
     * escaped; empty when nothing is left); {@code cuts}: the sentences removed, each with the fixed-phrase key that
     * tells the clinician why; {@code claims}/{@code verdicts}: for the decision record.
     */
    public record Guarded(List<Claim> claims, List<ClaimVerdict> verdicts, List<String> sentences, List<Cut> cuts,
                          String shownText, String rulesetVersion, String vetoRulesVersion) {
        public List<Veto> vetoes() {
            return verdicts.stream().flatMap(v -> v.vetoes().stream()).toList();
        }

        public Set<String> vetoingRules() {
            return vetoes().stream().map(Veto::ruleId).collect(Collectors.toCollection(LinkedHashSet::new));
        }

        /** The fixed-phrase keys of the cut sentences, once each, in order. */
        public List<String> withheldKeys() {
            return cuts.stream().map(Cut::key).distinct().toList();
        }
    }

    private record Meta(String title, String citation, String url) {}

    private static final Map<String, Meta> RULES = loadRules();

    private final ClaimExtractor extractor;
    private final VetoEngine veto;
    private final Supplier<Terminology> terminology;

    public AnswerGuard(ClaimExtractor extractor, VetoEngine veto, Supplier<Terminology> terminology) {
        this.extractor = extractor;
        this.veto = veto;
        this.terminology = terminology;
    }

    /** Over the repository's active guideline rules, terminology and excerpts (follows reloads). */
    public static AnswerGuard over(GuidelineRepository repository) {
        return new AnswerGuard(ClaimExtractor.standard(),
            VetoEngine.create(repository.engine(), repository.activeRuleSet().definition().terminology(),
                () -> repository.excerpts().stream().map(GuidelineExcerpt::id).collect(Collectors.toUnmodifiableSet())),
            () -> repository.activeRuleSet().definition().terminology());
    }

    /** The patient's facts an answer may cite, numbered ({@link AnswerFacts}), over the active terminology. */
    public List<AnswerFacts.Fact> facts(PatientFacts facts) {
        return AnswerFacts.of(facts, terminology.get());
    }

    /** The ids of the answer checks ({@code ASK-*}). */
    public static Set<String> ruleIds() {
        return RULES.keySet();
    }

    public VetoEngine vetoEngine() {
        return veto;
    }

    /**
     * Judges every claim of {@code answer} (plain text or Markdown) for this patient.
     *
     * @param citableFacts the patient's facts the answer may cite, each an {@link Evidence} whose id is the fact id
     *                     ({@code F1}) and whose label names it ("eGFR 25 mL/min/1.73m2")
     */
    public Guarded guard(PatientFacts facts, List<Evidence> citableFacts, String answer) {
        String text = answer == null ? "" : answer;
        List<Candidate> record = List.of(recordCandidate(citableFacts));
        Set<String> factIds = citableFacts.stream().map(Evidence::id).collect(Collectors.toSet());
        List<String> sentences = Sentences.split(text);
        List<Claim> claims = new ArrayList<>();
        Map<String, List<Veto>> own = new LinkedHashMap<>();
        int n = 0;
        for (Claim c : extractor.extractText(text, record)) {
            Claim x = c;
            if (c.kind() == Claim.Kind.EVIDENCE && !factIds.contains(c.subject())
                && EXCERPT_ID.matcher(c.subject()).matches()) {
                x = new Claim(c.id(), Claim.Kind.GUIDELINE_EXCERPT, c.field(), c.span(), c.subject(), null, false, null,
                    null, null);
            } else if (c.kind() == Claim.Kind.MEDICATION && c.dose() == null && !c.negated()
                && !"stop".equals(c.action()) && !"continue".equals(c.action())) {
                // "change", "start", or a drug the sentence scales after naming it ("今晚把胰岛素剂量加倍", "the
                // insulin dose doubled"): the extractor reads the latter as a mention
                Optional<Double> factor = relativeFactor(c.span());
                if (factor.isPresent()) {
                    Optional<Claim> resolved = resolveRelative(c, factor.get(), facts);
                    if (resolved.isPresent()) {
                        x = resolved.get();
                    } else {
                        own.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(veto(c.id(), "ASK-DOSE-001",
                            "a relative dose change of " + c.subject() + " with no current dose in the record"));
                    }
                }
            }
            claims.add(x);
            n++;
        }
        for (int i = 0; i < sentences.size(); i++) {
            String s = sentences.get(i);
            String field = "text#s" + i;
            if (patientInstruction(s)) {
                Claim c = new Claim("ask-" + (n++), Claim.Kind.DIRECTIVE, field, s, "instruction to the patient", null,
                    false, null, null, null);
                claims.add(c);
                own.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(veto(c.id(), "ASK-DIR-001",
                    "an instruction addressed to the patient about their own treatment"));
            }
            if (imperativeTimeBound(s, claims, field)) {
                Claim c = new Claim("ask-" + (n++), Claim.Kind.DIRECTIVE, field, s, "imperative medication change", null,
                    false, null, null, null);
                claims.add(c);
                own.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(veto(c.id(), "ASK-DIR-002",
                    "an imperative or time-bound medication change"));
            }
        }
        // the answer checks' own claims are judged here; every other claim by the veto (rules + veto rule base)
        List<Claim> forVeto = claims.stream().filter(c -> !c.id().startsWith("ask-")).toList();
        VetoResult r = veto.review(facts, record, forVeto);
        Map<String, ClaimVerdict> byId = new LinkedHashMap<>();
        r.verdicts().forEach(v -> byId.put(v.claim().id(), v));
        List<ClaimVerdict> verdicts = new ArrayList<>();
        for (Claim c : claims) {
            List<Veto> vetoes = new ArrayList<>();
            ClaimVerdict v = byId.get(c.id());
            if (v != null) {
                vetoes.addAll(v.vetoes());
            }
            vetoes.addAll(own.getOrDefault(c.id(), List.of()));
            verdicts.add(new ClaimVerdict(c, vetoes));
        }
        List<Cut> cuts = new ArrayList<>();
        Set<Integer> cutIdx = new LinkedHashSet<>();
        for (int i = 0; i < sentences.size(); i++) {
            String field = "text#s" + i;
            List<Veto> vetoes = verdicts.stream().filter(v -> v.claim().field().equals(field))
                .flatMap(v -> v.vetoes().stream()).toList();
            if (!vetoes.isEmpty()) {
                cuts.add(new Cut(i, vetoes, key(vetoes)));
                cutIdx.add(i);
            }
        }
        return new Guarded(List.copyOf(claims), List.copyOf(verdicts), sentences, List.copyOf(cuts),
            keep(text, sentences, cutIdx), r.rulesetVersion(), r.vetoRulesVersion());
    }

    /** Re-checks what {@code g} would show: the vetoes found in it (the safety suites assert none). */
    public List<Veto> recheckShown(PatientFacts facts, List<Evidence> citableFacts, Guarded g) {
        return g.shownText().isBlank() ? List.of() : guard(facts, citableFacts, g.shownText()).vetoes();
    }

    // ---------------------------------------------------------------- the answer checks

    static Optional<Double> relativeFactor(String sentence) {
        String s = DOUBLE_CHECK.matcher(sentence).replaceAll(" ");
        for (Map.Entry<Pattern, Double> f : FACTORS) {
            if (f.getKey().matcher(s).find()) {
                return Optional.of(f.getValue());
            }
        }
        Matcher up = PERCENT_UP.matcher(s);
        if (up.find()) {
            String p = up.group(1) != null ? up.group(1) : up.group(2);
            return Optional.of(1 + Double.parseDouble(p) / 100);
        }
        Matcher down = PERCENT_DOWN.matcher(s);
        if (down.find()) {
            String p = down.group(1) != null ? down.group(1) : down.group(2);
            double f = 1 - Double.parseDouble(p) / 100;
            return f > 0 ? Optional.of(f) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The claim with the patient's current dose of the drug times {@code factor}, when the record has that dose. */
    private Optional<Claim> resolveRelative(Claim c, double factor, PatientFacts facts) {
        Terminology t = terminology.get();
        for (Medication m : facts.activeMedications()) {
            if (m.dose() == null) {
                continue;
            }
            for (String ingredient : ingredients(m, t)) {
                boolean same = ingredient.equals(c.subject())
                    || ("insulin".equals(c.subject()) && ingredient.startsWith("insulin"));
                if (same) {
                    Dose d = m.dose();
                    Dose scaled = new Dose(d.amount() * factor, d.unit(), d.frequency(), d.route());
                    return Optional.of(new Claim(c.id(), c.kind(), c.field(), c.span(), ingredient, "change", false,
                        scaled, null, null, c.release()));
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> ingredients(Medication m, Terminology t) {
        Set<String> out = new LinkedHashSet<>();
        for (Code code : m.codes()) {
            if (Code.RXNORM.equals(code.system())) {
                t.components(code.code()).forEach(dc -> out.add(dc.ingredient()));
            }
        }
        if (out.isEmpty()) {
            out.addAll(t.ingredientsInText(m.text()));
        }
        return List.copyOf(out);
    }

    static boolean patientInstruction(String sentence) {
        for (Pattern p : PATIENT_INSTRUCTION) {
            Matcher m = p.matcher(sentence);
            while (m.find()) {
                String before = clauseBefore(sentence, m.start());
                if (INSTRUCTION_NEG.matcher(before).find()) {
                    continue;
                }
                if (TREATMENT_WORD.matcher(sentence).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean imperativeTimeBound(String sentence, List<Claim> claims, String field) {
        boolean aboutDrug = claims.stream().anyMatch(c -> c.field().equals(field) && c.kind() == Claim.Kind.MEDICATION
            && !c.negated()) || TREATMENT_WORD.matcher(sentence).find();
        return aboutDrug && IMPERATIVE.matcher(sentence).find() && TIME_BOUND.matcher(sentence).find();
    }

    private static String clauseBefore(String s, int at) {
        String pre = s.substring(0, at);
        int cut = Math.max(Math.max(pre.lastIndexOf(','), pre.lastIndexOf(';')), Math.max(pre.lastIndexOf('，'),
            pre.lastIndexOf('；')));
        return cut < 0 ? pre : pre.substring(cut + 1);
    }

    // ---------------------------------------------------------------- shown text and categories

    /** The answer without the cut sentences, its lines kept; lines left empty (or a bare bullet) are dropped. */
    static String keep(String text, List<String> sentences, Set<Integer> cut) {
        if (cut.isEmpty()) {
            return text.strip();
        }
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (int i = 0; i < sentences.size(); i++) {
            String s = sentences.get(i);
            int at = text.indexOf(s, pos);
            if (at < 0) {
                continue;
            }
            out.append(text, pos, at);
            if (!cut.contains(i)) {
                out.append(s);
            }
            pos = at + s.length();
        }
        out.append(text.substring(pos));
        List<String> lines = new ArrayList<>();
        for (String line : out.toString().split("\\R", -1)) {
            String l = line.stripTrailing();
            if (l.isBlank() || l.strip().matches("[-*•>]|\\d+[.)]")) {
                continue;
            }
            lines.add(l.replaceAll(" {2,}", " "));
        }
        return String.join("\n", lines).strip();
    }

    /**
     * The category a clinician is shown for a cut sentence (a fixed-phrase key of the service): the most telling of
     * its vetoes, a guideline rule on a drug or dose first, then values, citations, diagnoses, instructions to the
     * patient and directive wording.
     */
    static String key(List<Veto> vetoes) {
        List<String> order = List.of("withheld.medication", "withheld.value", "withheld.citation", "withheld.diagnosis",
            "withheld.patient-instruction", "withheld.directive", "withheld.other");
        return vetoes.stream().map(v -> category(v.ruleId())).min(java.util.Comparator.comparingInt(order::indexOf))
            .orElseThrow();
    }

    private static String category(String rule) {
        return switch (rule) {
            case "ASK-DIR-001" -> "withheld.patient-instruction";
            case "ASK-DIR-002", "VETO-DIR-001" -> "withheld.directive";
            case "ASK-DOSE-001" -> "withheld.medication";
            case "VETO-GRD-002" -> "withheld.value";
            case "VETO-GRD-001", "VETO-GRD-003", "VETO-GRD-004", "VETO-GRD-005" -> "withheld.citation";
            case "VETO-DX-001" -> "withheld.diagnosis";
            default -> rule.startsWith("VETO-") || rule.startsWith("ASK-") ? "withheld.other" : "withheld.medication";
        };
    }

    /** Every key {@link Cut#key()} may take (the service must have a phrase for each, in every language). */
    public static final List<String> KEYS = List.of("withheld.medication", "withheld.value", "withheld.citation",
        "withheld.diagnosis", "withheld.patient-instruction", "withheld.directive", "withheld.other");

    private static Candidate recordCandidate(List<Evidence> facts) {
        return new Candidate(new Code(Code.TEXT, "dxguard-ask-record", RECORD), RECORD, 0.5, 5, facts, List.of());
    }

    private static Veto veto(String claimId, String ruleId, String reason) {
        Meta m = RULES.get(ruleId);
        return new Veto(claimId, ruleId, "1.0.0", GUIDELINE_ID, m.citation(), m.url(), Severity.CRITICAL, reason);
    }

    private static Map<String, Meta> loadRules() {
        try (InputStream in = AnswerGuard.class.getResourceAsStream("answer-rules.csv")) {
            if (in == null) {
                throw new IllegalStateException("answer-rules.csv is not on the class path");
            }
            Map<String, Meta> m = new LinkedHashMap<>();
            for (Terminology.Row r : Terminology.readCsv("answer-rules.csv",
                new String(in.readAllBytes(), StandardCharsets.UTF_8), "id", "title", "citation")) {
                m.put(r.req("id"), new Meta(r.req("title"), r.req("citation"), r.opt("url")));
            }
            return Map.copyOf(m);
        } catch (IOException e) {
            throw new IllegalStateException("answer-rules.csv is unreadable", e);
        }
    }

    /** The title of an answer check ({@code ASK-*}), for reports. */
    public static String title(String ruleId) {
        Meta m = RULES.get(ruleId);
        return m == null ? ruleId : m.title();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
