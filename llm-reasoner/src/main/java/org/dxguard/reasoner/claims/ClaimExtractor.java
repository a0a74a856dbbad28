package org.dxguard.reasoner.claims;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Candidate;
import org.dxguard.model.Claim;
import org.dxguard.model.Dose;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.MedicationSuggestion;

/**
 * Finds every checkable claim in a model's output, for the veto ({@code org.dxguard.rules.veto.VetoEngine}):
 * drugs (generic, brand, abbreviation, misspelling, Chinese names) with their action (start / stop / change /
 * continue / mention), negation ("do not start metformin" is not a recommendation) and dose (digits, number
 * words, Chinese numerals, ranges, units, frequency); diagnoses named; evidence ids cited; lab values quoted;
 * directive, time-critical wording. Structured fields (medications, diagnosis, cited ids) and every free-text
 * field are read. Thread-safe; build once with {@link #standard()}.
 *
 * <p>Spans: a claim read from free text has the whole sentence as its {@link Claim#span()}; for an evidence claim
 * that includes every bracketed citation of the sentence, so the veto can tell which text each citation is attached
 * to ("Chills [ev:arthralgia]", VETO-GRD-004). An evidence claim of {@code citedEvidenceIds} has the bare id as span.
 */
public final class ClaimExtractor {
    private static final String RES = "/reasoner/claims/";
    private static volatile ClaimExtractor standard;

    private static final Pattern START = Pattern.compile("(?i)\\b(start(?:ing)?|initiat(?:e|ing)|begin(?:ning)?|add(?:ing)?"
        + "|prescrib(?:e|ing)|giv(?:e|ing)|administer(?:ing)?|us(?:e|ing)|consider(?:ing)?|recommend(?:ed|ing)?|try|trial of"
        + "|switch(?:ing)?\\s+to|put\\s+(?:her|him|the patient)\\s+on|treat\\s+with|take|taking|inject"
        + "|suggest(?:ed|ing|s)?|receive|advis(?:e|ed|ing)|favou?r|opt\\s+for|go\\s+with|order(?:ing)?)\\b"
        + "|开始|起始|加用|给予|使用|应用|服用|建议|推荐|换用|改用|注射|首选|予以|予|选用|宜用|可用|考虑|吃");
    private static final Pattern CHANGE = Pattern.compile("(?i)\\b(increas(?:e|ing)|titrat(?:e|ing)|uptitrat(?:e|ing)"
        + "|rais(?:e|ing)|doubl(?:e|ing)|tripl(?:e|ing)|halv(?:e|ing)|decreas(?:e|ing)|reduc(?:e|ing)|lower(?:ing)?|escalat(?:e|ing)"
        + "|change|adjust(?:ing)?)\\b|增加|加量|减量|调整|上调|下调|加至|增至|加倍|翻倍|减半");
    private static final Pattern CONTINUE = Pattern.compile("(?i)\\b(continu(?:e|ing)|resum(?:e|ing)|restart(?:ing)?|keep)\\b|继续|维持|恢复");
    private static final Pattern STOP = Pattern.compile("(?i)\\b(stop(?:ping)?|discontinu(?:e|ing)|hold(?:ing)?|withhold(?:ing)?"
        + "|ceas(?:e|ing)|taper(?:ing)?\\s+off|suspend(?:ing)?)\\b|停用|停止|暂停|停药");
    private static final Pattern NEGATION = Pattern.compile("(?i)\\b(not|never|no|avoid(?:ing)?|don't|do\\s+not|cannot|can't"
        + "|without|instead\\s+of|rather\\s+than|against|contraindicat\\w*)\\b|不要|不宜|不应|不建议|不推荐|勿|禁止|禁用|避免|无需|不能|不可|不");
    private static final Pattern POST_NEG = Pattern.compile("(?i)^[\\s,]*(?:\\([^)]*\\)\\s*)?(?:is|are|would be|should be|must be|remains?|"
        + "should|must|would)?\\s*(?:absolutely\\s+|strictly\\s+|best\\s+|better\\s+|generally\\s+|preferably\\s+|also\\s+)?(contraindicated|avoided|not\\s+(?:be\\s+)?(?:recommended|advised|indicated|"
        + "started|used|given|appropriate|safe)|unsafe|inappropriate|off\\s+the\\s+table)|^[\\s，,]*(禁用|不宜|不推荐|不建议|不应|不能|避免|忌用)");
    private static final Pattern POST_CHANGE = Pattern.compile("(?i)^[\\s,，]*(?:的剂量|剂量)?\\s*(加倍|翻倍|减半|加量|减量|"
        + "增加到|增加至|增至|加到|加至|减至|减到|调整为|调整到|改为)");
    private static final Pattern POST_STOP = Pattern.compile("(?i)^[\\s,]*(?:is|are|should be|must be)\\s+(stopped|discontinued|held|withheld)"
        + "|^[\\s，,]*(应停用|需停用|停用|应暂停)");
    private static final Pattern POST_RECOMMEND = Pattern.compile("(?i)^[\\s,]*(?:\\([^)]*\\)\\s*)?(?:is|are|would be|remains?|seems?|"
        + "should be|could be)\\s+(?:a\\s+|an\\s+|the\\s+)?(?:good|reasonable|preferred|appropriate|suitable|first-line|"
        + "recommended|indicated|safe|sensible|ideal|best)|^[\\s,]*(?:should|could|can|may)\\s+be\\s+(?:started|given|used|added|"
        + "initiated|prescribed)|^[\\s，,]*(?:是|为)?(?:首选|适合|推荐|可以使用|可用|可以)");
    private static final Pattern CLAUSE_SEP = Pattern.compile("[,，;；:：]|\\bbut\\b|\\bhowever\\b|但|而");
    /** A sentence naming no drug whose doses are not recommended ("Do not give 1000 mg"). */
    private static final Pattern ORPHAN_NEGATION = Pattern.compile("(?i)\\b(not|never|avoid\\w*)\\b|不要|避免|禁止|勿");
    private static final Pattern EXTENDED = Pattern.compile("(?i)(?<![A-Za-z])(er|xr|xl|sr|extended[- ]release|"
        + "sustained[- ]release|modified[- ]release)(?![A-Za-z])|缓释|控释");
    private static final Pattern CITATION = Pattern.compile("[\\[【]\\s*([A-Za-z0-9_.:\\-]{1,40})\\s*[\\]】]");
    private static final Pattern DIRECTIVE = Pattern.compile("(?i)\\b(immediately|right\\s+away|at\\s+once|stat|asap|as\\s+soon"
        + "\\s+as\\s+possible|without\\s+delay|urgently|emergently|straight\\s+away|this\\s+instant|"
        + "must\\s+(?:be\\s+)?(?:start|begin|give|given|administer|administered|prescribe|prescribed|increase|double|inject|take)\\w*|"
        + "(?:call|dial)\\s+(?:911|999|112|120))\\b|立即|立刻|马上|紧急|务必|火速|刻不容缓|即刻|必须(?:立即|马上)?(?:开始|给予|使用|注射|加用|服用)");
    private static final Pattern DIRECTIVE_NEG = Pattern.compile("(?i)\\b(not|no\\s+need|need\\s+not|non-?urgent|nothing)\\b|不必|无需|不需要|不用");
    private static final Pattern COMPARATOR = Pattern.compile("(?i)(<|>|≤|≥|=<|>=|<=|\\bbelow|\\babove|\\bunder|\\bover|less\\s+than|"
        + "greater\\s+than|more\\s+than|at\\s+least|at\\s+most|target|goal|threshold|cut-?off|limit|between|低于|高于|小于|大于|"
        + "不足|超过|目标|至少|阈值)");
    private static final Pattern LAB_NUMBER = Pattern.compile("^[^0-9]{0,24}?(\\d+(?:\\.\\d+)?)(\\s*(?:-|–|to|至|~)\\s*\\d)?"
        + "\\s*(%|mmol/mol|mmol/l|mg/dl|µmol/l|umol/l|meq/l|ml/min(?:/1\\.73\\s*m(?:2|²))?|mg/g|mg/mmol|毫摩尔/升)?"
        + "(\\s*(?:or|and)\\s+(?:below|above|less|more|higher|lower|under|over)|\\s*(?:及|或)?(?:以下|以上))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern LAB_LINK = Pattern.compile("(?i)^[\\s(（]*(?:(?:level|value|result|reading|of|is|was|were|"
        + "at|now|today|currently|remains|remained|measured|recently|recent|latest|last|about|around|approximately|"
        + "came\\s+back|=|:|：|为|是|约|仅|目前|近期|最近|测得)[\\s(（]*)*$");
    private static final Pattern TIME_UNIT = Pattern.compile("(?i)\\s*(?:months?|weeks?|days?|years?|hours?|times?|个月|周|天|年|次)");
    /**
     * Lab names: bounded by Latin letters, not by {@code \\b}, which in Java also sees a Chinese character as a word
     * character ("eGFR为48" has no word boundary after "eGFR"; issue 19).
     */
    private static final Map<String, Pattern> LABS = new LinkedHashMap<>();

    static {
        LABS.put("EGFR", Pattern.compile("(?i)(?<![A-Za-z])(e-?gfr|gfr|estimated\\s+glomerular\\s+filtration\\s+rate|glomerular\\s+filtration\\s+rate)(?![A-Za-z])|估算肾小球滤过率|肾小球滤过率"));
        LABS.put("HBA1C", Pattern.compile("(?i)(?<![A-Za-z])(hba1c|hb\\s*a1c|a1c|ha?emoglobin\\s+a1c|glycated\\s+ha?emoglobin|glycosylated\\s+ha?emoglobin)(?![A-Za-z])|糖化血红蛋白"));
        LABS.put("GLUCOSE", Pattern.compile("(?i)(?<![A-Za-z])((?:fasting\\s+|blood\\s+|plasma\\s+|serum\\s+|random\\s+)?glucose|blood\\s+sugar)(?![A-Za-z])|空腹血糖|血糖"));
        LABS.put("CREATININE", Pattern.compile("(?i)(?<![A-Za-z])((?:serum\\s+)?creatinine)(?![A-Za-z])(?!\\s+ratio|\\s+clearance)|血肌酐|肌酐(?!比)"));
        LABS.put("POTASSIUM", Pattern.compile("(?i)(?<![A-Za-z])((?:serum\\s+)?potassium|k\\+)(?![a-z])|血钾"));
        LABS.put("UACR", Pattern.compile("(?i)(?<![A-Za-z])(uacr|acr|albumin[-/ ]to[-/ ]creatinine\\s+ratio|albumin[-/ ]creatinine\\s+ratio)(?![A-Za-z])|尿白蛋白肌酐比"));
    }

    private final Lexicon drugs;
    private final Lexicon diagnoses;
    private final Results results;
    /** Unit classes (mass, units, ml …) of each ingredient's rows in the dose table. */
    private final Map<String, Set<String>> drugUnits;

    private ClaimExtractor(Lexicon drugs, Lexicon diagnoses, Results results, Map<String, Set<String>> drugUnits) {
        this.drugs = drugs;
        this.diagnoses = diagnoses;
        this.results = results;
        this.drugUnits = drugUnits;
    }

    /**
     * The extractor over the packaged lexicons: guideline ingredients, the ingredients of the general dose table
     * ({@code guidelines/drug-reference/dose-limits.csv}) and the Chinese drug names of
     * {@code guidelines/terminology/zh/drug-names-zh.csv} (all copied in at build time), synonyms, diagnoses and
     * result kinds ({@code guidelines/terminology/result-kinds.csv}).
     */
    public static ClaimExtractor standard() {
        ClaimExtractor s = standard;
        if (s == null) {
            synchronized (ClaimExtractor.class) {
                s = standard;
                if (s == null) {
                    Map<String, String> drugNames = new LinkedHashMap<>();
                    Lexicon.csv(RES + "terminology/ingredients.csv", "ingredient", "ingredient")
                        .forEach((k, v) -> drugNames.put(k.toLowerCase(Locale.ROOT), v));
                    Map<String, Set<String>> units = new HashMap<>();
                    for (String[] r : Lexicon.rows(RES + "terminology/dose-limits.csv", "ingredient", "dose_unit")) {
                        String ing = r[0].toLowerCase(Locale.ROOT);
                        if (!ing.isEmpty() && !NOT_DRUG_NAMES.contains(ing)) {
                            drugNames.putIfAbsent(ing, ing);
                        }
                        units.computeIfAbsent(ing, k -> new java.util.HashSet<>()).add(unitClass(r[1]));
                    }
                    for (String[] r : Lexicon.rows(RES + "terminology/zh/drug-names-zh.csv", "ingredient", "inn_variants",
                            "zh_generic", "zh_salt_forms")) {
                        String ing = r[0].toLowerCase(Locale.ROOT);
                        for (String n : (r[1] + "|" + r[2] + "|" + r[3]).split("\\|")) {
                            if (!n.isBlank() && !NOT_DRUG_NAMES.contains(n.strip().toLowerCase(Locale.ROOT))) {
                                drugNames.putIfAbsent(n.strip(), ing);
                            }
                        }
                    }
                    drugNames.putAll(Lexicon.csv(RES + "drug-synonyms.csv", "synonym", "ingredient"));
                    Map<String, String> dx = Lexicon.csv(RES + "diagnoses.csv", "term", "canonical");
                    s = new ClaimExtractor(new Lexicon(drugNames, true), new Lexicon(dx, false),
                        Results.load(RES + "terminology/result-kinds.csv"), Map.copyOf(units));
                    standard = s;
                }
            }
        }
        return s;
    }

    /** Dose-table ingredients that are also the names of lab analytes or organs: not read as drug names. */
    private static final Set<String> NOT_DRUG_NAMES = Set.of("thyroid", "calcium", "testosterone", "estradiol",
        "progesterone", "magnesium salts", "potassium chloride", "melatonin", "folic acid", "iron");

    /** Every claim in a structured explanation. */
    public List<Claim> extract(Explanation e, List<Candidate> candidates) {
        Ctx ctx = new Ctx(candidates == null ? List.of() : candidates);
        text(ctx, "summary", e.summary());
        for (int i = 0; i < e.candidates().size(); i++) {
            CandidateExplanation c = e.candidates().get(i);
            String p = "candidates[" + i + "]";
            ctx.add(Claim.Kind.DIAGNOSIS, p + ".diagnosis", c.diagnosis(), matchCandidate(ctx, c.diagnosis()), null,
                false, null, null, null);
            for (int k = 0; k < c.citedEvidenceIds().size(); k++) {
                String id = c.citedEvidenceIds().get(k);
                ctx.add(Claim.Kind.EVIDENCE, p + ".citedEvidenceIds[" + k + "]", id, id, null, false, null, null, null);
            }
            for (int k = 0; k < c.guidelineExcerptIds().size(); k++) {
                String id = c.guidelineExcerptIds().get(k);
                ctx.add(Claim.Kind.GUIDELINE_EXCERPT, p + ".guidelineExcerptIds[" + k + "]", id, id, null, false, null,
                    null, null);
            }
            for (int j = 0; j < c.medications().size(); j++) {
                medication(ctx, p + ".medications[" + j + "]", c.medications().get(j));
            }
            text(ctx, p + ".rationale", c.rationale());
            list(ctx, p + ".wouldConfirm", c.wouldConfirm());
            list(ctx, p + ".wouldExclude", c.wouldExclude());
            list(ctx, p + ".nextSteps", c.nextSteps());
            // every string of the answer is free text too: a dose, a directive or a quoted value hidden in the
            // diagnosis or a medication's drug, unit or frequency is a claim like any other (issue 13)
            text(ctx, p + ".diagnosis", c.diagnosis());
            for (int j = 0; j < c.medications().size(); j++) {
                MedicationSuggestion m = c.medications().get(j);
                String f = p + ".medications[" + j + "]";
                text(ctx, f + ".drug", m.drug());
                text(ctx, f + ".doseUnit", m.doseUnit());
                text(ctx, f + ".frequency", m.frequency());
            }
        }
        return List.copyOf(ctx.claims);
    }

    /** Every claim in a plain-text answer (fields {@code text#sN}). */
    public List<Claim> extractText(String text, List<Candidate> candidates) {
        Ctx ctx = new Ctx(candidates == null ? List.of() : candidates);
        text(ctx, "text", text);
        return List.copyOf(ctx.claims);
    }

    // ------------------------------------------------------------------ structured

    private void medication(Ctx ctx, String field, MedicationSuggestion m) {
        String all = m.drug() + (m.doseAmount() == null ? "" : " " + fmt(m.doseAmount()))
            + (m.doseUnit() == null ? "" : " " + m.doseUnit()) + (m.frequency() == null ? "" : " " + m.frequency());
        List<Lexicon.Mention> found = drugs.find(m.drug());
        String subject = found.isEmpty() ? m.drug().toLowerCase(Locale.ROOT) : found.get(0).canonical();
        // the frequency and unit texts belong to this drug only up to another drug they name ("at bedtime, and
        // loperamide 4 mg…" is loperamide's dose, read from the frequency text as its own claim)
        String frequency = ownText(m.frequency(), subject);
        String unitText = ownText(m.doseUnit(), subject);
        Dose dose = null;
        if (m.doseAmount() != null) {
            String unit = m.doseUnit() != null && !unitText.isBlank() ? DoseParser.unit(firstWord(unitText))
                : subject.startsWith("insulin") ? "units" : "mg";
            String norm = NumberWords.normalise(frequency);
            dose = new Dose(m.doseAmount(), unit, DoseParser.frequency(DoseParser.cutAtLimit(norm)).orElse(null),
                DoseParser.route(unitText + " " + frequency + " " + m.drug()), DoseParser.maxPerDay(norm, unit));
        } else {
            dose = DoseParser.parse(frequency + " " + unitText + " " + ownText(m.drug(), subject)).orElse(null);
        }
        String release = EXTENDED.matcher(m.drug() + " " + unitText + " " + frequency).find() ? "ER" : null;
        ctx.add(Claim.Kind.MEDICATION, field, all, subject, m.action(), false, dose, null, null, release);
        if (!m.action().equals("stop")) {
            ctx.lastDrug.put(sectionOf(field), new String[] {subject, m.action(), release});
        }
        for (int i = 1; i < found.size(); i++) {
            ctx.add(Claim.Kind.MEDICATION, field, all, found.get(i).canonical(), m.action(), false, dose, null, null);
        }
    }

    /** The text up to the first drug it names other than {@code own} (the whole text when it names none). */
    private String ownText(String text, String own) {
        if (text == null) {
            return "";
        }
        for (Lexicon.Mention x : drugs.find(text)) {
            if (!x.canonical().equals(own)) {
                return text.substring(0, x.start());
            }
        }
        return text;
    }

    private static String firstWord(String unit) {
        String u = unit.strip();
        int sp = u.indexOf(' ');
        int sl = u.indexOf('/');
        int cut = sp < 0 ? sl : sl < 0 ? sp : Math.min(sp, sl);
        return cut > 0 ? u.substring(0, cut) : u;
    }

    private void list(Ctx ctx, String field, List<String> items) {
        for (int k = 0; k < items.size(); k++) {
            text(ctx, field + "[" + k + "]", items.get(k));
        }
    }

    // ------------------------------------------------------------------ free text

    private void text(Ctx ctx, String field, String text) {
        List<String> sentences = Sentences.split(text);
        for (int i = 0; i < sentences.size(); i++) {
            sentence(ctx, field + "#s" + i, sentences.get(i));
        }
    }

    private void sentence(Ctx ctx, String field, String s) {
        String section = sectionOf(field);
        List<Lexicon.Mention> mentions = ctx.once("drugs", s, () -> drugs.find(s));
        String prevAction = null;
        boolean prevNeg = false;
        boolean changesMedication = false;
        for (int i = 0; i < mentions.size(); i++) {
            Lexicon.Mention m = mentions.get(i);
            int winStart = i == 0 ? 0 : mentions.get(i - 1).end();
            int winEnd = i + 1 < mentions.size() ? mentions.get(i + 1).start() : s.length();
            String pre = s.substring(winStart, m.start());
            String post = s.substring(m.end(), winEnd);
            String clause = afterLastSeparator(pre);
            String action = null;
            boolean negated = false;
            int actionAt = -1;
            for (Pattern p : List.of(START, CHANGE, CONTINUE, STOP)) {
                Matcher x = p.matcher(clause);
                while (x.find()) {
                    if (x.start() >= actionAt) {
                        actionAt = x.start();
                        action = p == START ? "start" : p == CHANGE ? "change" : p == CONTINUE ? "continue" : "stop";
                    }
                }
            }
            Matcher neg = NEGATION.matcher(clause);
            while (neg.find()) {
                if (actionAt < 0 || neg.start() < actionAt) {
                    negated = true;
                }
            }
            if (POST_NEG.matcher(post).find()) {
                negated = true;
                action = action == null ? "start" : action;
            } else if (POST_STOP.matcher(post).find()) {
                action = "stop";
            } else if (action == null && POST_CHANGE.matcher(post).find()) {
                action = "change";
            } else if (action == null && POST_RECOMMEND.matcher(post).find()) {
                action = "start";
            }
            if (action == null && !negated && i > 0 && clause.equals(pre) && !hasStrongSeparator(pre)) {
                action = prevAction;
                negated = prevNeg;
            }
            if ("stop".equals(action) && negated) {
                action = "continue";
                negated = false;
            }
            // the doses after the drug, up to the next drug: the first that fits the drug is its dose, a later one that
            // fits is another dose of it ("4 mg, then 2 mg after each loose stool"), one that cannot be this drug's
            // (4 mg after insulin glargine's 16 units, 30 mL after propranolol) is tied to no drug
            String normPost = ctx.once("numbers", post, () -> NumberWords.normalise(post));
            Dose dose = null;
            List<Dose> more = new ArrayList<>();
            for (DoseParser.Amount a : DoseParser.amounts(normPost)) {
                if (a.limit()) {
                    continue;
                }
                Dose d = DoseParser.dose(normPost, a);
                if (!fits(m.canonical(), a.unit())) {
                    untied(ctx, field, s, d);
                } else if (dose == null) {
                    dose = d;
                } else {
                    more.add(d);
                }
            }
            if (dose == null) {
                dose = DoseParser.parseBefore(pre, post).filter(d -> fits(m.canonical(), d.unit())).orElse(null);
            }
            String release = EXTENDED.matcher(m.surface() + " " + post.substring(0, Math.min(post.length(), 25))).find()
                ? "ER" : null;
            ctx.add(Claim.Kind.MEDICATION, field, s, m.canonical(), action, negated, dose, null, null, release);
            for (Dose d : more) {
                ctx.add(Claim.Kind.MEDICATION, field, s, m.canonical(), action, negated, d, null, null, release);
            }
            if (!negated && !"stop".equals(action)) {
                ctx.lastDrug.put(section, new String[] {m.canonical(), action == null ? "mention" : action, release});
            }
            if (!negated && action != null && !action.equals("continue") && !action.equals("mention")) {
                changesMedication |= !action.equals("stop");
                String how = Instructions.medicationChange(s, m.start());
                if (how != null) {
                    ctx.add(Claim.Kind.INSTRUCTION, field, s, "medication:" + m.canonical(), how, false, dose, null,
                        action);
                }
            }
            prevAction = action;
            prevNeg = negated;
        }
        if (mentions.isEmpty() && !ORPHAN_NEGATION.matcher(s).find()) {
            // a dose in a sentence naming no drug: the section's last drug's when its unit fits (split fields, "The dose
            // is…"), else tied to no drug; amounts inside a stated limit ("do not exceed 2550 mg") are not doses
            String norm = ctx.once("numbers", s, () -> NumberWords.normalise(s));
            String[] last = ctx.lastDrug.get(section);
            for (DoseParser.Amount a : DoseParser.amounts(norm)) {
                if (a.limit()) {
                    continue;
                }
                Dose d = DoseParser.dose(norm, a);
                if (last != null && fits(last[0], a.unit())) {
                    String action = last[1].equals("mention") ? "start" : last[1];
                    ctx.add(Claim.Kind.MEDICATION, field, s, last[0], action, false, d, null, null, last[2]);
                } else if (!a.unit().equals("ml") && !unknownDrugBefore(norm, a.start())) {
                    untied(ctx, field, s, d);
                }
            }
        }
        // one claim per id and sentence; its span is the WHOLE sentence, citations included, because the veto
        // (VETO-GRD-004, rules' veto.internal.Citations) reads from it the text each occurrence is attached to
        Set<String> cited = new LinkedHashSet<>();
        Matcher c = CITATION.matcher(s);
        while (c.find()) {
            cited.add(c.group(1));
        }
        cited.forEach(id -> ctx.add(Claim.Kind.EVIDENCE, field, s, id, null, false, null, null, null));
        labs(ctx, field, s);
        // results a sentence states must be in the case; what would confirm or exclude a candidate is hypothetical
        if (!field.contains(".wouldConfirm[") && !field.contains(".wouldExclude[")) {
            for (Results.Stated r : ctx.once("results", s, () -> results.find(s, ctx.findingLabels))) {
                ctx.add(Claim.Kind.RESULT, field, s, r.kind(), r.reading() == null ? "value" : r.reading(), false, null,
                    r.value(), r.unit());
            }
        }
        boolean changes = changesMedication;
        boolean safetyNet = ctx.once("safetyNet:" + changes, s, () -> Instructions.safetyNet(s, changes));
        Matcher d = DIRECTIVE.matcher(s);
        while (d.find()) {
            String before = afterLastSeparator(s.substring(0, d.start()));
            boolean neg = DIRECTIVE_NEG.matcher(before).find() || safetyNet;
            ctx.add(Claim.Kind.DIRECTIVE, field, s, d.group().toLowerCase(Locale.ROOT), null, neg, null, null, null);
        }
        if (ctx.once("addressesPatient", s, () -> Instructions.addressesPatient(s))) {
            ctx.add(Claim.Kind.INSTRUCTION, field, s, "patient", "addressed", false, null, null, null);
        }
        Set<String> named = new java.util.HashSet<>();
        for (Lexicon.Mention m : ctx.once("diagnoses", s, () -> diagnoses.find(s))) {
            if (Diagnoses.proposed(s, m.start(), m.end())) {
                String dx = matchCandidate(ctx, m.surface());
                named.add(key(dx));
                ctx.add(Claim.Kind.DIAGNOSIS, field, s, dx, null, false, null, null, null);
            }
        }
        for (Diagnoses.Phrase ph : ctx.once("strongPhrases", s, () -> Diagnoses.strongPhrases(s))) {
            String dx = matchCandidate(ctx, ph.text());
            if (named.add(key(dx))) {
                ctx.add(Claim.Kind.DIAGNOSIS, field, s, dx, null, false, null, null, null);
            }
        }
    }

    /**
     * A drug name the lexicon does not know, right before the amount ("Fosfomycin 3 g", "磷霉素 3 g"): the dose is tied
     * to it (the dose table cannot judge that drug), not reported as tied to no drug.
     */
    private static final Pattern UNKNOWN_DRUG = Pattern.compile("(?i)(?:[a-z]+(?:mycin|micin|cillin|floxacin|oxacin|azole|"
        + "pril|sartan|olol|dipine|statin|tidine|prazole|mab|nib|vir|cycline|triptan|gliptin|gliflozin|glutide|parin|"
        + "xaban|semide|thiazide|profen|coxib|fenac|sone|olone|dronate|terol|tropium|setron|pam|lam|zolam|barb|tal|"
        + "caine|fungin|penem|cef\\w*|amide|idine|oxetine|triptyline|apine|idone|ium)|[\\p{IsHan}]*(?:霉素|西林|沙星|唑|"
        + "普利|沙坦|洛尔|地平|他汀|替丁|拉唑|韦|环素|头孢\\p{IsHan}*|松|芬|昔布|酸钠|钾|片|胶囊))\\s*(?:of\\s+)?$");

    private static boolean unknownDrugBefore(String s, int amountAt) {
        String pre = s.substring(Math.max(0, amountAt - 40), amountAt);
        return UNKNOWN_DRUG.matcher(pre).find();
    }

    /** A dose that cannot be tied to a drug (VETO-DOSE-005): its subject is the dose as read. */
    private static void untied(Ctx ctx, String field, String s, Dose d) {
        ctx.add(Claim.Kind.DOSE, field, s, fmt(d.amount()) + " " + d.unit(), null, false, d, null, null);
    }

    /** True when a dose in {@code unit} can be a dose of {@code drug} (its table units; insulins in units). */
    private boolean fits(String drug, String unit) {
        String cls = unitClass(unit);
        if (drug.startsWith("insulin")) {
            return cls.equals("units");
        }
        Set<String> classes = drugUnits.get(drug);
        if (classes == null || classes.isEmpty()) {
            return cls.equals("mass");
        }
        return classes.contains(cls);
    }

    static String unitClass(String unit) {
        return switch (unit == null ? "" : unit.toLowerCase(Locale.ROOT)) {
            case "mg", "g", "mcg", "mg/kg", "mg/m2", "mcg/h", "mg/24h" -> "mass";
            case "units", "million units" -> "units";
            case "ml" -> "ml";
            default -> unit == null ? "" : unit.toLowerCase(Locale.ROOT);
        };
    }

    private void labs(Ctx ctx, String field, String s) {
        for (Map.Entry<String, Pattern> e : LABS.entrySet()) {
            Matcher m = e.getValue().matcher(s);
            while (m.find()) {
                String after = NumberWords.normalise(s.substring(m.end(), Math.min(s.length(), m.end() + 60)));
                Matcher n = LAB_NUMBER.matcher(after);
                if (!n.find()) {
                    continue;
                }
                String between = after.substring(0, n.start(1));
                String before = s.substring(Math.max(0, m.start() - 20), m.start());
                String rest = after.substring(n.end());
                if (n.group(2) != null || n.group(4) != null || COMPARATOR.matcher(between).find()
                    || COMPARATOR.matcher(before).find() || !LAB_LINK.matcher(between).matches()
                    || (n.group(3) == null && TIME_UNIT.matcher(rest).lookingAt())) {
                    continue;
                }
                double value = Double.parseDouble(n.group(1));
                ctx.add(Claim.Kind.LAB_VALUE, field, s, e.getKey(), null, false, null, value,
                    n.group(3) == null ? null : n.group(3).strip());
            }
        }
    }

    private static boolean hasStrongSeparator(String s) {
        return s.contains(";") || s.contains("；") || s.matches("(?is).*\\b(but|however)\\b.*");
    }

    private static String afterLastSeparator(String pre) {
        Matcher m = CLAUSE_SEP.matcher(pre);
        int last = -1;
        while (m.find()) {
            last = m.end();
        }
        return last < 0 ? pre : pre.substring(last);
    }

    /** The candidate's name when the text names a candidate (exactly, by lexicon or by containment), else its canonical name. */
    private String matchCandidate(Ctx ctx, String text) {
        String key = key(text);
        String canon = diagnoses.canonical(text);
        for (Candidate c : ctx.candidates) {
            String ck = key(c.name());
            if (ck.equals(key)) {
                return c.name();
            }
            String cc = diagnoses.canonical(c.name());
            if (canon != null && canon.equals(cc)) {
                return c.name();
            }
            if (ck.length() >= 4 && key.length() >= 4 && (ck.contains(key) || key.contains(ck))) {
                return c.name();
            }
        }
        return canon != null && key(canon).length() >= key.length() - 2 ? canon : text.strip();
    }

    static String key(String s) {
        return s.toLowerCase(Locale.ROOT).replace("mellitus", "").replaceAll("[^\\p{L}\\p{N}]", "");
    }

    static String sectionOf(String field) {
        int dot = field.indexOf('.');
        int hash = field.indexOf('#');
        int end = dot < 0 ? hash : hash < 0 ? dot : Math.min(dot, hash);
        return end < 0 ? field : field.substring(0, end);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** Extraction state of one output. */
    private static final class Ctx {
        final List<Candidate> candidates;
        final List<Claim> claims = new ArrayList<>();
        final Map<String, String[]> lastDrug = new HashMap<>();
        final Set<String> seen = new java.util.HashSet<>();

        /** The labels of the case's findings (supporting and missing evidence of every candidate). */
        final List<String> findingLabels = new ArrayList<>();
        /**
         * What a pure function of a sentence (and of this output's candidates) gave for it, by function and text: an
         * explanation repeats sentences across candidates ("Assess chest pain", the same supporting finding), and each
         * is read once. The callers only read the results.
         */
        private final Map<String, Object> memo = new HashMap<>();

        @SuppressWarnings("unchecked")
        <T> T once(String function, String text, java.util.function.Supplier<T> f) {
            String key = function + '\u0000' + text;
            Object v = memo.get(key);
            if (v == null) {
                v = f.get();
                memo.put(key, v);
            }
            return (T) v;
        }

        Ctx(List<Candidate> candidates) {
            this.candidates = candidates;
            for (Candidate c : candidates) {
                for (org.dxguard.model.Evidence e : c.supporting()) {
                    findingLabels.add(e.label());
                }
                for (org.dxguard.model.Evidence e : c.missing()) {
                    findingLabels.add(e.label());
                }
            }
        }

        void add(Claim.Kind kind, String field, String span, String subject, String action, boolean negated, Dose dose,
                 Double value, String unit) {
            add(kind, field, span, subject, action, negated, dose, value, unit, null);
        }

        void add(Claim.Kind kind, String field, String span, String subject, String action, boolean negated, Dose dose,
                 Double value, String unit, String release) {
            if (subject == null || subject.isBlank()) {
                return;
            }
            String dedupe = kind + "|" + field + "|" + subject + "|" + action + "|" + negated + "|" + dose + "|" + value
                + "|" + release;
            if (!seen.add(dedupe)) {
                return;
            }
            claims.add(new Claim("c" + (claims.size() + 1), kind, field, span, subject, action, negated, dose, value, unit,
                release));
        }
    }
}
