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
        + "|开始|起始|加用|给予|使用|应用|服用|建议|推荐|换用|改用|注射|首选|予以|予|选用|宜用|可用|考虑");
    private static final Pattern CHANGE = Pattern.compile("(?i)\\b(increas(?:e|ing)|titrat(?:e|ing)|uptitrat(?:e|ing)"
        + "|rais(?:e|ing)|doubl(?:e|ing)|escalat(?:e|ing)|change|adjust(?:ing)?)\\b|增加|加量|调整|上调|加至|增至");
    private static final Pattern CONTINUE = Pattern.compile("(?i)\\b(continu(?:e|ing)|resum(?:e|ing)|restart(?:ing)?|keep)\\b|继续|维持|恢复");
    private static final Pattern STOP = Pattern.compile("(?i)\\b(stop(?:ping)?|discontinu(?:e|ing)|hold(?:ing)?|withhold(?:ing)?"
        + "|ceas(?:e|ing)|taper(?:ing)?\\s+off|suspend(?:ing)?)\\b|停用|停止|暂停|停药");
    private static final Pattern NEGATION = Pattern.compile("(?i)\\b(not|never|no|avoid(?:ing)?|don't|do\\s+not|cannot|can't"
        + "|without|instead\\s+of|rather\\s+than|against|contraindicat\\w*)\\b|不要|不宜|不应|不建议|不推荐|勿|禁止|禁用|避免|无需|不能|不可|不");
    private static final Pattern POST_NEG = Pattern.compile("(?i)^[\\s,]*(?:\\([^)]*\\)\\s*)?(?:is|are|would be|should be|must be|remains?|"
        + "should|must|would)?\\s*(?:absolutely\\s+|strictly\\s+)?(contraindicated|avoided|not\\s+(?:be\\s+)?(?:recommended|advised|indicated|"
        + "started|used|given|appropriate|safe)|unsafe|inappropriate|off\\s+the\\s+table)|^[\\s，,]*(禁用|不宜|不推荐|不建议|不应|不能|避免|忌用)");
    private static final Pattern POST_STOP = Pattern.compile("(?i)^[\\s,]*(?:is|are|should be|must be)\\s+(stopped|discontinued|held|withheld)"
        + "|^[\\s，,]*(应停用|需停用|停用|应暂停)");
    private static final Pattern POST_RECOMMEND = Pattern.compile("(?i)^[\\s,]*(?:\\([^)]*\\)\\s*)?(?:is|are|would be|remains?|seems?|"
        + "should be|could be)\\s+(?:a\\s+|an\\s+|the\\s+)?(?:good|reasonable|preferred|appropriate|suitable|first-line|"
        + "recommended|indicated|safe|sensible|ideal|best)|^[\\s,]*(?:should|could|can|may)\\s+be\\s+(?:started|given|used|added|"
        + "initiated|prescribed)|^[\\s，,]*(?:是|为)?(?:首选|适合|推荐|可以使用|可用|可以)");
    private static final Pattern CLAUSE_SEP = Pattern.compile("[,，;；:：]|\\bbut\\b|\\bhowever\\b|但|而");
    private static final Pattern ORPHAN_NEG = Pattern.compile("(?i)\\b(not|never|avoid|exceed|maximum|max|limit|up\\s+to|"
        + "at\\s+most|no\\s+more\\s+than|less\\s+than|below|above|under)\\b|不超过|最大|最多|不要|避免|以下|以上");
    private static final Pattern EXTENDED = Pattern.compile("(?i)(?<![A-Za-z])(er|xr|xl|sr|extended[- ]release|"
        + "sustained[- ]release|modified[- ]release)(?![A-Za-z])|缓释|控释");
    private static final Pattern CITATION = Pattern.compile("[\\[【]\\s*([A-Za-z0-9_.:\\-]{1,40})\\s*[\\]】]");
    private static final Pattern DIRECTIVE = Pattern.compile("(?i)\\b(immediately|right\\s+away|at\\s+once|stat|asap|as\\s+soon"
        + "\\s+as\\s+possible|without\\s+delay|urgently|emergently|straight\\s+away|this\\s+instant|"
        + "must\\s+(?:be\\s+)?(?:start|begin|give|given|administer|administered|prescribe|prescribed|increase|double|inject|take)\\w*|"
        + "(?:call|dial)\\s+(?:911|999|112|120))\\b|立即|立刻|马上|紧急|务必|火速|刻不容缓|即刻|必须(?:立即|马上)?(?:开始|给予|使用|注射|加用|服用)");
    private static final Pattern DIRECTIVE_NEG = Pattern.compile("(?i)\\b(not|no\\s+need|need\\s+not|non-?urgent|nothing)\\b|不必|无需|不需要|不用");
    private static final Pattern DX_CUE = Pattern.compile("(?i)\\b(diagnos\\w*|consistent\\s+with|suggestive\\s+of|suggest\\w*|likely|"
        + "probable|probably|possible|possibly|differential|consider\\w*|presum\\w*|impression|indicative\\s+of|compatible\\s+with|"
        + "rule\\s+out|points?\\s+to(?:ward)?|favou?r\\w*|due\\s+to|caused\\s+by)\\b|诊断|考虑|符合|提示|可能|疑似|倾向|拟诊");
    private static final Pattern DX_NEG = Pattern.compile("(?i)\\b(not|unlikely|no\\s+evidence|ruled\\s+out|excluded|less\\s+likely|"
        + "against|without)\\b|排除|不考虑|不支持|可能性小|不符合");
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

    private ClaimExtractor(Lexicon drugs, Lexicon diagnoses) {
        this.drugs = drugs;
        this.diagnoses = diagnoses;
    }

    /** The extractor over the packaged lexicons (guideline ingredients + synonyms + diagnoses). */
    public static ClaimExtractor standard() {
        ClaimExtractor s = standard;
        if (s == null) {
            synchronized (ClaimExtractor.class) {
                s = standard;
                if (s == null) {
                    Map<String, String> drugNames = new LinkedHashMap<>();
                    Lexicon.csv(RES + "terminology/ingredients.csv", "ingredient", "ingredient")
                        .forEach((k, v) -> drugNames.put(k.toLowerCase(Locale.ROOT), v));
                    drugNames.putAll(Lexicon.csv(RES + "drug-synonyms.csv", "synonym", "ingredient"));
                    Map<String, String> dx = Lexicon.csv(RES + "diagnoses.csv", "term", "canonical");
                    s = new ClaimExtractor(new Lexicon(drugNames, true), new Lexicon(dx, false));
                    standard = s;
                }
            }
        }
        return s;
    }

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
        Dose dose = null;
        if (m.doseAmount() != null) {
            String unit = m.doseUnit() != null ? DoseParser.unit(firstWord(m.doseUnit()))
                : subject.startsWith("insulin") ? "units" : "mg";
            dose = new Dose(m.doseAmount(), unit, DoseParser.frequency(m.frequency()).orElse(null), null);
        } else {
            dose = DoseParser.parse((m.frequency() == null ? "" : m.frequency()) + " "
                + (m.doseUnit() == null ? "" : m.doseUnit()) + " " + m.drug()).orElse(null);
        }
        String release = EXTENDED.matcher(all).find() ? "ER" : null;
        ctx.add(Claim.Kind.MEDICATION, field, all, subject, m.action(), false, dose, null, null, release);
        if (!m.action().equals("stop")) {
            ctx.lastDrug.put(sectionOf(field), new String[] {subject, m.action(), release});
        }
        for (int i = 1; i < found.size(); i++) {
            ctx.add(Claim.Kind.MEDICATION, field, all, found.get(i).canonical(), m.action(), false, dose, null, null);
        }
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
        List<Lexicon.Mention> mentions = drugs.find(s);
        String prevAction = null;
        boolean prevNeg = false;
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
            String postClause = beforeFirstSeparator(post);
            if (POST_NEG.matcher(post).find()) {
                negated = true;
                action = action == null ? "start" : action;
            } else if (POST_STOP.matcher(post).find()) {
                action = "stop";
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
            Optional<Dose> dose = DoseParser.parse(postClause.isBlank() ? post : post);
            if (dose.isEmpty()) {
                dose = DoseParser.parseBefore(pre, post);
            }
            String release = EXTENDED.matcher(m.surface() + " " + post.substring(0, Math.min(post.length(), 25))).find()
                ? "ER" : null;
            ctx.add(Claim.Kind.MEDICATION, field, s, m.canonical(), action, negated, dose.orElse(null), null, null, release);
            if (!negated && !"stop".equals(action)) {
                ctx.lastDrug.put(section, new String[] {m.canonical(), action == null ? "mention" : action, release});
            }
            prevAction = action;
            prevNeg = negated;
        }
        if (mentions.isEmpty()) {
            Optional<Dose> orphan = DoseParser.parse(s);
            String[] last = ctx.lastDrug.get(section);
            if (orphan.isPresent() && last != null && !ORPHAN_NEG.matcher(s).find()) {
                String action = last[1].equals("mention") ? "start" : last[1];
                ctx.add(Claim.Kind.MEDICATION, field, s, last[0], action, false, orphan.get(), null, null, last[2]);
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
        Matcher d = DIRECTIVE.matcher(s);
        while (d.find()) {
            String before = afterLastSeparator(s.substring(0, d.start()));
            boolean neg = DIRECTIVE_NEG.matcher(before).find();
            ctx.add(Claim.Kind.DIRECTIVE, field, s, d.group().toLowerCase(Locale.ROOT), null, neg, null, null, null);
        }
        if (DX_CUE.matcher(s).find()) {
            for (Lexicon.Mention m : diagnoses.find(s)) {
                String before = afterLastSeparator(s.substring(0, m.start()));
                boolean neg = DX_NEG.matcher(before).find() || DX_NEG.matcher(beforeFirstSeparator(s.substring(m.end()))).find();
                ctx.add(Claim.Kind.DIAGNOSIS, field, s, matchCandidate(ctx, m.surface()), null, neg, null, null, null);
            }
        }
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

    private static String beforeFirstSeparator(String post) {
        Matcher m = CLAUSE_SEP.matcher(post);
        return m.find() ? post.substring(0, m.start()) : post;
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

        Ctx(List<Candidate> candidates) {
            this.candidates = candidates;
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
