package org.dxguard.reasoner.claims;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the results a sentence states — a number quoted for a test or vital sign ("TSH of 0.1 mIU/L", "体温 38.9 ℃",
 * "124/78 mmHg", "a 68-year-old", "at 58 kg"), a qualitative reading tied to a test ("CRP normal", "a raised CRP",
 * "C反应蛋白正常") or a described imaging, test or examination result ("His chest radiograph shows…", "眼底检查见…") —
 * so that the veto can look for each in the case (issue 17, grounding; {@code VETO-GRD-006}). The kinds and their
 * names are {@code guidelines/terminology/result-kinds.csv}.
 *
 * <p>Not a statement of a result: thresholds and targets ("below 30", "target below 6 mg/dL"), ranges, numbers
 * followed by a time unit ("TSH in 6 weeks"), changes ("lost 5 kg"), and any clause that is hypothetical, planned,
 * conditional or negated before the test ("would", "if", "check", "no chest radiograph", "若", "需", "未行"). The
 * numeric quotes of the six kinds the guideline rules read (eGFR, HbA1c, glucose, creatinine, potassium, UACR) are
 * left to the lab-value claims ({@code VETO-GRD-002}); their qualitative readings are read here.
 */
final class Results {
    /** One stated result: the kind, and a quoted value with its unit, or a reading. */
    record Stated(String kind, Double value, String unit, String reading) {}

    private record Kind(String id, String type) {
        boolean numeric() {
            return type.equals("lab") || type.equals("vital");
        }
    }

    private record Name(String text, String lower, Kind kind, boolean caseSensitive, boolean cjk) {}

    private record Mention(int start, int end, Kind kind) {}

    /** The kinds whose numbers the guideline rules read: their numeric quotes are LAB_VALUE claims. */
    static final Set<String> RULE_KINDS = Set.of("EGFR", "HBA1C", "GLUCOSE", "CREATININE", "POTASSIUM", "UACR");

    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
    private static final Pattern CITATION = Pattern.compile("[\\[【][^\\]】]{0,60}[\\]】]");
    private static final String NUM = "(\\d+(?:\\.\\d+)?)";
    /** Units a quoted value may carry (longest first inside each alternative). */
    private static final String UNIT = "(×\\s*10\\s*(?:\\^|\\*)?\\s*[⁹9³3]\\s*/\\s*(?:[uµμ]?l|mm3)|x\\s*10\\s*(?:\\^|\\*)\\s*[93]\\s*/\\s*"
        + "(?:[uµμ]?l)|10\\s*[\\^*]\\s*[93]\\s*/\\s*(?:[uµμ]?l)|10[⁹³]\\s*/\\s*(?:[uµμ]?l)|k\\s*/\\s*[uµμ]l|"
        + "°\\s*[cf]\\b|℃|℉|degrees?\\s+(?:c|f|celsius|fahrenheit)\\b|mm\\s*\\[?hg\\]?|cmh2o|mm\\s*/\\s*h(?:r|our)?\\b|"
        + "breaths?\\s*/\\s*min|beats?\\s*/\\s*min|/\\s*min\\b|per\\s+minute|bpm\\b|"
        + "(?:m|µ|μ|u|n|p)?(?:mol|g|iu|u|eq)\\s*/\\s*(?:d?l|ml|mmol|g|mol)\\b|(?:m|µ|μ|u)?iu\\s*/\\s*m?l\\b|"
        + "ml\\s*/\\s*min(?:\\s*/\\s*1\\.73\\s*m(?:2|²))?|kg\\s*/\\s*m(?:2|²)|kg\\b|lbs?\\b|%|毫摩尔/升|微摩尔/升|毫米汞柱|次/分)";
    private static final Pattern QUOTE = Pattern.compile("^" + NUM + "(\\s*/\\s*" + NUM + ")?\\s*" + UNIT + "?",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE_AFTER = Pattern.compile("^\\s*(?:-|–|—|to|~|至|到)\\s*\\d", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME_UNIT = Pattern.compile("^\\s*(?:months?|weeks?|days?|years?|hours?|hrs?\\b|"
        + "minutes?|mins?\\b|times?|doses?|个月|月|周|天|日|年|小时|次|分钟)", Pattern.CASE_INSENSITIVE);
    /** Words that may stand between a test's name and its value. */
    private static final Pattern LINK = Pattern.compile("^(?:[\\s(（:：=,，]|(?:of|is|was|were|are|at|now|today|"
        + "currently|remains|remained|measured|recently|recent|latest|last|about|around|approximately|roughly|level|"
        + "levels|value|result|reading|count|concentration|this\\s+morning|on\\s+admission|serum|plasma|blood|"
        + "came\\s+back|returned|reading|of\\s+about|just|only|still|为|是|约|仅|目前|近期|最近|测得|今日|今天|达|已达|"
        + "升至|降至|波动于|水平|值|结果)(?![a-z]))+", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPARATOR = Pattern.compile("(?i)(<|>|≤|≥|=<|>=|<=|\\bbelow\\b|\\babove\\b|"
        + "\\bunder\\b|\\bover\\b|less\\s+than|greater\\s+than|more\\s+than|at\\s+least|at\\s+most|\\btargets?\\b|"
        + "\\bgoals?\\b|\\baim\\b|threshold|cut-?off|\\blimit|\\bbetween\\b|\\bexceeds?\\b|\\bfalls?\\b|\\brises?\\b|"
        + "\\bdrops?\\b|\\bstays?\\b|低于|高于|小于|大于|不足|超过|目标|至少|阈值|控制在|以下|以上)");
    private static final Pattern CHANGE = Pattern.compile("(?i)\\b(loss|lost|losing|gain|gained|gaining|drop|dropped|"
        + "fall|fell|change|changed|increase|increased|decrease|decreased|difference|rise|rose|by)\\b|减轻|增加|下降|降低|"
        + "上升|变化|减少");
    private static final Pattern HYPOTHETICAL = Pattern.compile("(?i)\\b(would|could|may|might|if|whether|unless|"
        + "should|consider\\w*|order\\w*|request\\w*|arrange\\w*|obtain\\w*|perform\\w*|plan\\w*|pending|await\\w*|"
        + "need\\w*|recommend\\w*|repeat\\w*|check\\w*|recheck\\w*|measure\\w*|monitor\\w*|assess\\w*|ask|refer\\w*|"
        + "expected|expect|typically|typical|usually|often|can|cannot|to\\s+(?:look|exclude|confirm|rule|see|assess|"
        + "check|evaluate)|in\\s+case|when|once|until|before|after|target|goal|aim)\\b|若|如|假如|一旦|需|应行|可行|建议|待|"
        + "是否|必要时|完善|复查|监测|检查前|可能|目标|以便|评估|可使|可导致|可引起|会使|会导致");
    private static final Pattern NEGATION = Pattern.compile("(?i)\\b(no|not|without|never|none|nor|absent|"
        + "unavailable|lacks?)\\b|未|无|没有|尚无|暂无|不详");
    private static final Pattern NOT_DONE = Pattern.compile("(?i)^\\s*(?:\\w+\\s+){0,3}?(?:has|have|had|was|were|is|are)"
        + "\\s+(?:not|never)\\b|^\\s*(?:is|are)?\\s*(?:not\\s+)?(?:yet\\s+)?(?:available|pending|awaited|outstanding)\\b|"
        + "^\\s*(?:未做|未行|未查|尚未|待回报|待查|结果未出)");
    private static final Pattern CLAUSE = Pattern.compile("[,;:，；：]|\\s(?:but|so|which|although|though|while|whereas|"
        + "because|since|and\\s+so)\\s|但|而|因此|所以");
    private static final Pattern READING_BEFORE = Pattern.compile("(?i)\\b(normal|raised|elevated|high|increased|low|"
        + "reduced|decreased|abnormal|positive|negative|undetectable)\\s+(?:(?:serum|blood|plasma|total|fasting)\\s+)?$");
    private static final Pattern READING_AFTER = Pattern.compile("(?i)^\\s*(?:level|levels|count|result|results|test|"
        + "value|values)?\\s*(?:is|was|are|were|remains|remained|came\\s+back|returned|has\\s+been|had\\s+been|looks|"
        + "looked)?\\s*(?:\\w+ly\\s+)?(normal|unremarkable|within\\s+(?:the\\s+)?(?:normal|reference)\\s+(?:range|"
        + "limits?|interval)|in\\s+(?:the\\s+)?(?:normal|reference)\\s+range|raised|elevated|high|increased|low|reduced|"
        + "decreased|abnormal|positive|negative|undetectable)\\b");
    private static final Pattern READING_ZH = Pattern.compile("^\\s*(?:水平|值|结果|检测|检查)?\\s*(?:为|是|呈|仍)?\\s*"
        + "(正常|偏高|升高|增高|明显升高|轻度升高|偏低|降低|减低|阴性|阳性|异常|在参考范围内|在正常范围内?|未见异常)");
    private static final Pattern RESULT_VERB = Pattern.compile("(?i)\\b(shows?|showed|showing|shown|reveal(?:s|ed|ing)?"
        + "|demonstrat(?:es|ed|ing)|confirm(?:s|ed)|identif(?:ies|ied)|detect(?:s|ed)|found|finds|grew|notable\\s+for|"
        + "consistent\\s+with|in\\s+keeping\\s+with|came\\s+back|returned|(?:is|was|were|are)\\s+(?:positive|negative|"
        + "normal|abnormal|clear|unremarkable)|positive|negative|unremarkable|abnormal)\\b|(?<![常少罕多意])见|示|显示|提示|发现|"
        + "检出|证实|报告|阳性|阴性|异常");
    /** "On ultrasound, …", "On CT there is …": a result introduced by its study. */
    private static final Pattern ON_STUDY = Pattern.compile("(?i)(?:^|[.;:]\\s*)(?:on|at)\\s+(?:the\\s+|an?\\s+|her\\s+|his\\s+)?"
        + "(?:[\\w-]+\\s+)?$");
    /** "MRI: L5/S1 disc protrusion", "胸片：右下肺实变": a study followed by a colon and its findings. */
    private static final Pattern COLON_RESULT = Pattern.compile("^\\s*(?:of\\s+the\\s+[\\w\\s]{1,20})?[:：]\\s*\\S");
    private static final Pattern SEEN_ON = Pattern.compile("(?i)\\b(seen|visible|noted|evident|identified|demonstrated|"
        + "shown|found|present|confirmed)\\s+(?:on|at|in|by)\\s+(?:the\\s+|a\\s+|an\\s+|his\\s+|her\\s+|their\\s+)?"
        + "(?:[\\w-]+\\s+){0,2}$");
    private static final Pattern TEMPERATURE = Pattern.compile("(?i)(?<![\\d.])" + NUM
        + "\\s*(°\\s*[cf]\\b|℃|℉|degrees?\\s+(?:c|f|celsius|fahrenheit)\\b)");
    private static final Pattern BP_PAIR = Pattern.compile("(?i)(?<![\\d./])(\\d{2,3})\\s*/\\s*(\\d{2,3})\\s*(mm\\s*\\[?hg\\]?|毫米汞柱)");
    private static final Pattern AGE = Pattern.compile("(?i)(?<![\\d.])(\\d{1,3})[-\\s](?:year|yr)s?[-\\s]old\\b|"
        + "\\baged\\s+(\\d{1,3})\\b|\\bage\\s*\\(?\\s*(\\d{1,3})\\s*\\)?(?![\\d.])|(?<![\\d.])(\\d{1,3})\\s*岁");
    private static final Pattern WEIGHT_AT = Pattern.compile("(?i)\\b(?:at|of|weighs|weighing)\\s+" + NUM
        + "\\s*(kg|lbs?)\\b|体重\\s*" + NUM + "\\s*(kg|公斤|千克)");

    private final List<Name> names;

    private Results(List<Name> names) {
        this.names = names;
    }

    /** The extractor over {@code result-kinds.csv} (resource path). */
    static Results load(String resource) {
        Map<String, String> seen = new LinkedHashMap<>();
        List<Name> out = new ArrayList<>();
        for (String[] row : Lexicon.rows(resource, "kind", "type", "names_en", "names_zh")) {
            Kind k = new Kind(row[0], row[1].toLowerCase(Locale.ROOT));
            for (String n : (row[2] + "|" + row[3]).split("\\|")) {
                String t = n.strip();
                if (t.isEmpty() || seen.put(t + "|" + k.id(), t) != null) {
                    continue;
                }
                boolean cjk = CJK.matcher(t).find();
                boolean cs = !cjk && t.length() <= 4 && t.equals(t.toUpperCase(Locale.ROOT)) && t.matches(".*[A-Z].*");
                out.add(new Name(t, t.toLowerCase(Locale.ROOT), k, cs, cjk));
            }
        }
        out.sort(Comparator.comparingInt((Name x) -> x.lower().length()).reversed());
        return new Results(List.copyOf(out));
    }

    /** Every result the sentence states (the sentence as written; numbers as words are read too). */
    List<Stated> find(String sentence) {
        return find(sentence, List.of());
    }

    /**
     * As {@link #find(String)}, leaving out what stands inside one of {@code findingLabels}: a finding of the case
     * named by its label ("Low blood pressure", "Fall in systolic pressure on standing") is evidence, not a result.
     */
    List<Stated> find(String sentence, List<String> findingLabels) {
        List<Stated> out = new ArrayList<>();
        if (sentence == null || sentence.isBlank()) {
            return out;
        }
        String s = blankCitations(NumberWords.normalise(sentence));
        String lower = s.toLowerCase(Locale.ROOT);
        boolean[] used = new boolean[s.length()];
        boolean[] labels = new boolean[s.length()];
        for (String l : findingLabels) {
            String ll = l == null ? "" : l.toLowerCase(Locale.ROOT).strip();
            if (ll.length() < 4 || (ll.length() < 3 && !CJK.matcher(ll).find())) {
                continue;
            }
            for (int at = lower.indexOf(ll); at >= 0; at = lower.indexOf(ll, at + 1)) {
                mark(labels, at, at + ll.length());
            }
        }
        for (Mention m : mentions(s, lower)) {
            if (!free(labels, m.start(), m.end())) {
                continue;
            }
            String clauseBefore = clauseBefore(s, m.start());
            String after = s.substring(m.end());
            if (m.kind().numeric() && !RULE_KINDS.contains(m.kind().id())) {
                if (numeric(s, m, after, clauseBefore, out, used)) {
                    continue;
                }
            } else if (m.kind().numeric() && RULE_KINDS.contains(m.kind().id()) && startsWithNumber(after)) {
                continue;
            }
            if (m.kind().numeric()) {
                reading(s, m, clauseBefore, after, out);
            } else {
                described(s, m, clauseBefore, after, out);
            }
        }
        implied(s, used, out);
        return out;
    }

    // ---------------------------------------------------------------------------------------------- numbers

    private boolean numeric(String s, Mention m, String after, String clauseBefore, List<Stated> out, boolean[] used) {
        Matcher link = LINK.matcher(after);
        int skip = link.lookingAt() ? link.end() : 0;
        if (skip > 45) {
            return false;
        }
        String rest = after.substring(skip);
        Matcher q = QUOTE.matcher(rest);
        if (!q.lookingAt() || q.group(0).isBlank()) {
            return false;
        }
        String between = after.substring(0, skip);
        String near = s.substring(Math.max(0, m.start() - 25), m.start());
        String tail = rest.substring(q.end());
        if (q.group(4) == null && q.group(2) == null && q.end() < rest.length()
            && Character.isLetter(rest.charAt(q.end()))) {
            return true; // "1过性" (一过性), "3rd": not a quoted value
        }
        boolean vague = q.group(4) == null && q.group(2) == null && !m.kind().id().equals("INR")
            && between.strip().matches("(?is)(at|about|around|approximately|roughly|for|in|after|every)\\b.*");
        if (vague || COMPARATOR.matcher(between).find() || COMPARATOR.matcher(near).find() || RANGE_AFTER.matcher(tail).lookingAt()
            || (q.group(4) == null && TIME_UNIT.matcher(tail).lookingAt()) || CHANGE.matcher(clauseBefore).find()
            || HYPOTHETICAL.matcher(clauseBefore + " " + between).find() || NEGATION.matcher(between).find()) {
            return true;
        }
        int at = m.end() + skip;
        mark(used, at, at + q.end());
        String kind = m.kind().id();
        if (kind.equals("BP") || ((kind.equals("BP_SYSTOLIC") || kind.equals("BP_DIASTOLIC")) && q.group(2) != null)) {
            if (q.group(2) != null) {
                out.add(new Stated("BP_SYSTOLIC", Double.valueOf(q.group(1)), unit(q.group(4), "mmhg"), null));
                out.add(new Stated("BP_DIASTOLIC", Double.valueOf(q.group(3)), unit(q.group(4), "mmhg"), null));
            } else {
                out.add(new Stated("BP_SYSTOLIC", Double.valueOf(q.group(1)), unit(q.group(4), "mmhg"), "either"));
            }
        } else {
            out.add(new Stated(kind, Double.valueOf(q.group(1)), unit(q.group(4), null), null));
        }
        // "(about 101.1 °F)", "(115 µmol/L, …)": the same result in another unit; "from 138 mmHg lying to 112 mmHg standing"
        String more = tail;
        int offset = at + q.end();
        for (int i = 0; i < 3; i++) {
            Matcher again = Pattern.compile("^\\s*(?:\\w+\\s+)?(?:[(（]\\s*(?:about|approximately|approx\\.?|around|~|≈|约|即|"
                + "相当于)?\\s*|(?:to|and|→|->|至|到|,|，)\\s*)", Pattern.CASE_INSENSITIVE).matcher(more);
            if (!again.lookingAt()) {
                break;
            }
            String r2 = more.substring(again.end());
            Matcher q2 = QUOTE.matcher(r2);
            if (!q2.lookingAt() || q2.group(4) == null) {
                break;
            }
            mark(used, offset + again.end(), offset + again.end() + q2.end());
            String k2 = kind.equals("BP") ? "BP_SYSTOLIC" : kind;
            out.add(new Stated(k2, Double.valueOf(q2.group(1)), unit(q2.group(4), null), kind.equals("BP") ? "either" : null));
            offset += again.end() + q2.end();
            more = r2.substring(q2.end());
        }
        return true;
    }

    /** Temperatures and blood pressures recognised by their unit, ages and weights by their form. */
    private void implied(String s, boolean[] used, List<Stated> out) {
        Matcher t = TEMPERATURE.matcher(s);
        while (t.find()) {
            if (free(used, t.start(), t.end()) && quoteable(s, t.start(), t.end())) {
                mark(used, t.start(), t.end());
                out.add(new Stated("TEMPERATURE", Double.valueOf(t.group(1)), unit(t.group(2), null), null));
            }
        }
        Matcher bp = BP_PAIR.matcher(s);
        while (bp.find()) {
            if (free(used, bp.start(), bp.end()) && quoteable(s, bp.start(), bp.end())) {
                mark(used, bp.start(), bp.end());
                out.add(new Stated("BP_SYSTOLIC", Double.valueOf(bp.group(1)), "mmhg", null));
                out.add(new Stated("BP_DIASTOLIC", Double.valueOf(bp.group(2)), "mmhg", null));
            }
        }
        Matcher a = AGE.matcher(s);
        while (a.find()) {
            String v = a.group(1) != null ? a.group(1) : a.group(2) != null ? a.group(2) : a.group(3) != null ? a.group(3)
                : a.group(4);
            if (free(used, a.start(), a.end()) && quoteable(s, a.start(), a.end())) {
                mark(used, a.start(), a.end());
                out.add(new Stated("AGE", Double.valueOf(v), "a", null));
            }
        }
        Matcher w = WEIGHT_AT.matcher(s);
        while (w.find()) {
            String v = w.group(1) != null ? w.group(1) : w.group(3);
            String u = w.group(2) != null ? w.group(2) : "kg";
            if (free(used, w.start(), w.end()) && quoteable(s, w.start(), w.end())) {
                mark(used, w.start(), w.end());
                out.add(new Stated("WEIGHT", Double.valueOf(v), unit(u, "kg"), null));
            }
        }
    }

    /** A number at {@code at} is a quote unless a comparator, a change or a hypothetical clause governs it. */
    private static boolean quoteable(String s, int at, int end) {
        String before = clauseBefore(s, at);
        String near = s.substring(Math.max(0, at - 25), at);
        String next = s.substring(end, Math.min(s.length(), end + 12));
        return !COMPARATOR.matcher(near).find() && !CHANGE.matcher(before).find() && !HYPOTHETICAL.matcher(before).find()
            && !next.matches("(?is)^\\s*(?:以上|以下|or\\s+(?:older|over|above|more|less|younger|under)|and\\s+(?:over|above|"
                + "older|under|younger)|\\+).*");
    }

    // ---------------------------------------------------------------------------------------------- readings

    private void reading(String s, Mention m, String clauseBefore, String after, List<Stated> out) {
        String r = null;
        String before = s.substring(Math.max(0, m.start() - 30), m.start());
        Matcher b = READING_BEFORE.matcher(before.replaceAll("(?i)\\b(a|an|the|her|his|their)\\s+$", ""));
        if (b.find() && !before.matches("(?is).*\\b(if|whether|would|could)\\b.*")) {
            r = b.group(1);
        }
        if (r == null) {
            Matcher a = READING_AFTER.matcher(after);
            if (a.lookingAt()) {
                r = a.group(1);
            } else {
                Matcher z = READING_ZH.matcher(after);
                if (z.lookingAt()) {
                    r = z.group(1);
                }
            }
        }
        String scope = scopeBefore(s, m.start());
        if (r == null || HYPOTHETICAL.matcher(scope).find() || NEGATION.matcher(scope).find()) {
            return;
        }
        out.add(new Stated(m.kind().id(), null, null, normalReading(r)));
    }

    private void described(String s, Mention m, String clauseBefore, String after, List<Stated> out) {
        String clauseAfter = clauseAfter(after);
        String window = clauseAfter.length() > 70 ? clauseAfter.substring(0, 70) : clauseAfter;
        Matcher v = RESULT_VERB.matcher(window);
        boolean stated = v.find();
        String beforeVerb = stated ? window.substring(0, v.start()) : "";
        if (!stated) {
            stated = SEEN_ON.matcher(s.substring(0, m.start())).find()
                || (ON_STUDY.matcher(s.substring(0, m.start())).find() && clauseAfter.strip().length() > 8)
                || COLON_RESULT.matcher(after).lookingAt();
        }
        String scope = scopeBefore(s, m.start());
        if (!stated || HYPOTHETICAL.matcher(scope + " " + beforeVerb).find()
            || NEGATION.matcher(scope + " " + beforeVerb).find() || NOT_DONE.matcher(after).lookingAt()) {
            return;
        }
        out.add(new Stated(m.kind().id(), null, null, "stated"));
    }

    private static String normalReading(String r) {
        String x = r.toLowerCase(Locale.ROOT);
        if (x.contains("normal") || x.contains("reference") || x.equals("unremarkable") || x.equals("正常")
            || x.contains("范围") || x.equals("未见异常")) {
            return "normal";
        }
        if (x.matches("raised|elevated|high|increased|偏高|升高|增高|明显升高|轻度升高")) {
            return "high";
        }
        if (x.matches("low|reduced|decreased|undetectable|偏低|降低|减低")) {
            return "low";
        }
        if (x.equals("positive") || x.equals("阳性")) {
            return "positive";
        }
        if (x.equals("negative") || x.equals("阴性")) {
            return "negative";
        }
        return "abnormal";
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private List<Mention> mentions(String s, String lower) {
        List<Mention> out = new ArrayList<>();
        boolean[] taken = new boolean[s.length()];
        for (Name n : names) {
            String hay = n.caseSensitive() ? s : lower;
            String needle = n.caseSensitive() ? n.text() : n.lower();
            int from = 0;
            while (true) {
                int at = hay.indexOf(needle, from);
                if (at < 0) {
                    break;
                }
                from = at + 1;
                int end = at + needle.length();
                if (!n.cjk() && !boundary(s, at, end)) {
                    continue;
                }
                if (free(taken, at, end)) {
                    mark(taken, at, end);
                    out.add(new Mention(at, end, n.kind()));
                }
            }
        }
        out.sort(Comparator.comparingInt(Mention::start));
        return out;
    }

    private static boolean boundary(String s, int start, int end) {
        boolean left = start == 0 || !Character.isLetterOrDigit(s.charAt(start - 1));
        boolean right = end >= s.length() || !Character.isLetterOrDigit(s.charAt(end));
        return left && right;
    }

    private static boolean startsWithNumber(String after) {
        Matcher link = LINK.matcher(after);
        int skip = link.lookingAt() ? link.end() : 0;
        return skip <= 45 && after.substring(skip).matches("(?s)^\\d.*");
    }

    private static String clauseBefore(String s, int at) {
        String pre = s.substring(0, at);
        Matcher c = CLAUSE.matcher(pre);
        int last = 0;
        while (c.find()) {
            last = c.end();
        }
        return pre.substring(last);
    }

    /**
     * The text before {@code at} back to the last sentence-like break (";", "but", "however"): a list after "Not
     * reported yet:" or "would confirm:" stays in the scope of its introduction, commas and colons do not end it.
     */
    private static String scopeBefore(String s, int at) {
        String pre = s.substring(0, at);
        Matcher c = Pattern.compile("[;；。!?！？]|\\b(?:but|however|whereas|although)\\b|但|然而").matcher(pre);
        int last = 0;
        while (c.find()) {
            last = c.end();
        }
        return pre.substring(last);
    }

    private static String clauseAfter(String after) {
        Matcher c = Pattern.compile("[;；。]").matcher(after);
        return c.find() ? after.substring(0, c.start()) : after;
    }

    private static String blankCitations(String s) {
        Matcher m = CITATION.matcher(s);
        StringBuilder b = new StringBuilder(s);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                b.setCharAt(i, ' ');
            }
        }
        return b.toString();
    }

    private static String unit(String raw, String dflt) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        return raw.strip();
    }

    private static boolean free(boolean[] taken, int a, int b) {
        for (int i = Math.max(0, a); i < Math.min(taken.length, b); i++) {
            if (taken[i]) {
                return false;
            }
        }
        return true;
    }

    private static void mark(boolean[] taken, int a, int b) {
        for (int i = Math.max(0, a); i < Math.min(taken.length, b); i++) {
            taken[i] = true;
        }
    }
}
