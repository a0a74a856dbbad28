package org.dxguard.reasoner.claims;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells an order from a suggestion (issue 17, item 3; the veto's {@code VETO-DIR-*} rules): the model suggests, the
 * clinician decides.
 *
 * <ul>
 *   <li>A <b>time-bound medication change</b>: a start, stop or change of a drug tied to a time in the same clause
 *       ("Stop furosemide today", "Double the levothyroxine … from tomorrow", "今晚把胰岛素加倍", "立即停用…"), unless
 *       hedged as a suggestion ("consider", "could", "可考虑", "可与主管医生讨论").</li>
 *   <li>An <b>imperative medication change</b>: a clause that starts with a change verb ("Start…", "Double…",
 *       "Stop…"); the veto lets it stand only where a rule allows the change.</li>
 *   <li>An <b>instruction addressed to the patient</b> ("You should drink…", "你今晚就开始吃…", "Take two tablets… until
 *       you feel better"), unless it is conditional safety-netting ("If you develop chest pain, seek care").</li>
 *   <li><b>Conditional safety-netting</b> ("seek emergency care immediately if…", "如出现…，应立即就医"): a conditional
 *       sentence that changes no medication. Its directive words are not time-critical orders.</li>
 * </ul>
 */
final class Instructions {
    private static final Pattern TIME = Pattern.compile("(?i)\\b(right\\s+now|now(?!\\s+that)|today|tonight|tomorrow|"
        + "this\\s+(?:evening|morning|afternoon|week)|from\\s+(?:today|tomorrow|now\\s+on)|starting\\s+(?:today|now|"
        + "tomorrow|tonight)|as\\s+of\\s+today|immediately|at\\s+once|straight\\s+away|right\\s+away|asap|stat)\\b|"
        + "今晚|今天|今日起|今日|今夜|明天|明日|明早|明晚|现在|马上|立即|立刻|即刻|当晚|从今天起|今起|即日起");
    private static final Pattern HEDGE = Pattern.compile("(?i)\\b(consider\\w*|could|might|may|discuss\\w*|review\\w*|"
        + "reasonable|an\\s+option|option\\s+is|worth|suggest\\w*|would|perhaps|possibly|if\\s+(?:appropriate|needed|"
        + "tolerated|agreed)|with\\s+(?:her|his|their|the)\\s+(?:clinician|doctor|gp|physician|team))\\b|可考虑|可与|"
        + "讨论|酌情|可以考虑|由.{0,8}(?:医生|医师).{0,4}(?:评估|决定)|建议.{0,10}评估");
    /** A hold tied to the illness ("Hold metformin while she is vomiting", "…直至恢复进食"): sick-day advice. */
    private static final Pattern TEMPORARY_HOLD = Pattern.compile("(?i)\\b(hold|pause|withhold|suspend)\\w*\\b.*\\b(while|"
        + "until|during|till)\\b|暂停.*(直至|直到|期间|恢复)");
    private static final Pattern IMPERATIVE = Pattern.compile("(?i)^\\s*(?:(?:please|then|so|and|also|now)\\s+)?"
        + "(start|begin|initiate|add|give|administer|prescribe|stop|discontinue|hold|withhold|cease|double|triple|"
        + "halve|increase|decrease|reduce|raise|lower|titrate|uptitrate|switch|change|restart|resume|take|inject|"
        + "use|cut)\\b");
    private static final Pattern CONDITIONAL = Pattern.compile("(?i)\\b(if|unless|in\\s+case|in\\s+(?:either|that|"
        + "both|any|such)\\s+cases?|should\\s+(?:she|he|they|you|the\\s+patient|symptoms?|this)\\s+\\w+|whenever|"
        + "when\\s+(?:she|he|they|you|symptoms?)|otherwise)\\b|如果|若|一旦|倘若|假如|如有|万一|否则|"
        + "(?<![例比譬])如(?=出现|发生|有|症状|病情|体温|血糖|无法|不能|仍|持续|加重|伴|果)|出现.{0,40}(?:时|后)");
    private static final Pattern SEEK_CARE = Pattern.compile("(?i)\\b(seek|attend|go\\s+to|come\\s+(?:back|in)|return|"
        + "contact|call|phone|present|get\\s+(?:medical\\s+)?help|be\\s+seen|see\\s+(?:a|her|his|your|the)|emergency|"
        + "urgent|a&e|assessment|review|medical\\s+(?:care|attention|help))\\b|就医|就诊|急诊|复诊|联系|拨打|到医院|"
        + "看医生|评估|穿刺|检查|送检");
    /** "Any new weakness … needs emergency care without delay": safety-netting without an "if". */
    private static final Pattern NET_CUE = Pattern.compile("(?i)\\b(any\\s+new|new\\s+or\\s+worsening|worsening|"
        + "red[-\\s]flags?|warning\\s+signs?|would\\s+(?:need|require|warrant|prompt)|should\\s+prompt|must\\s+prompt)\\b|"
        + "一旦|加重时|警示症状|危险信号");
    private static final Pattern EMERGENCY_CALL = Pattern.compile("(?i)\\b(?:call|dial)\\s+(?:911|999|112|120)\\b|拨打\\s*120");
    private static final Pattern SECOND_PERSON = Pattern.compile("(?i)\\b(you|your|yours|yourself)\\b|你|您");
    private static final Pattern CLINICIAN_YOU = Pattern.compile("(?i)\\byou\\s+(?:may|might|could|can)\\s+(?:want\\s+to\\s+|"
        + "wish\\s+to\\s+)?(?:consider|order|check|request|refer|review|repeat|obtain|arrange|prescribe|discuss)\\b");
    /** 您 addressing the clinician: "建议您为患者复查…", "请您评估…". */
    private static final Pattern CLINICIAN_YOU_ZH = Pattern.compile("您.{0,6}(?:为|给|帮)(?:患者|病人)|(?:建议|请)您"
        + "(?:考虑|复查|评估|安排|完善|开具|调整|核对|关注)");
    /** A self-care imperative at the start of a sentence: the verb with the complement that makes it an instruction. */
    private static final Pattern SELF_CARE = Pattern.compile("(?i)^\\s*(?:(?:please|then|and|also)\\s+)?(?:drink\\s+(?:\\w+\\s+)?"
        + "(?:water|fluids?|at\\s+least|plenty|more|lots|\\d)|eat\\s+(?:small|little|regular|more|less|light|a|\\w+\\s+meals)|"
        + "rest\\s+(?:in\\s+bed|at\\s+home|for|as\\s+much)|stay\\s+(?:home|in\\s+bed|off|hydrated|at\\s+home|indoors)|"
        + "stand\\s+up|sit\\s+up|lie\\s+(?:down|flat)|sleep\\s+(?:on|with|in|more|at\\s+least)|wear\\s+(?:a|an|the|your|"
        + "compression|loose)|elevate\\s+(?:the|your|his|her)|gargle\\s+with|keep\\s+(?:hydrated|warm|drinking|active|moving|"
        + "a\\s+diary)|go\\s+to\\s+bed|take\\s+(?:\\d+|two|one|a|an|your|three|four)\\s+\\w+)");
    private static final Pattern CLAUSE_END = Pattern.compile("[,;:，；：。]|\\s(?:but|because|since|although|while|"
        + "and\\s+then)\\s");

    private Instructions() {}

    /** True for a conditional sentence that changes no medication: safety-netting, not an order. */
    static boolean safetyNet(String sentence, boolean changesMedication) {
        if (changesMedication || EMERGENCY_CALL.matcher(sentence).find()) {
            return false;
        }
        return CONDITIONAL.matcher(sentence).find()
            || (NET_CUE.matcher(sentence).find() && SEEK_CARE.matcher(sentence).find());
    }

    static boolean conditional(String sentence) {
        return CONDITIONAL.matcher(sentence).find();
    }

    /**
     * How a medication change at {@code drugAt} in {@code sentence} is worded: {@code timed}, {@code imperative} or
     * null (a suggestion, or conditional).
     */
    static String medicationChange(String sentence, int drugAt) {
        String clause = clauseAround(sentence, drugAt);
        if (conditional(sentence) || HEDGE.matcher(clause).find() || TEMPORARY_HOLD.matcher(sentence).find()) {
            return null;
        }
        if (TIME.matcher(clause).find()) {
            return "timed";
        }
        String head = sentence.substring(clauseStart(sentence, drugAt), drugAt);
        return IMPERATIVE.matcher(head).lookingAt() ? "imperative" : null;
    }

    /** True when the sentence instructs the patient rather than informing the clinician. */
    static boolean addressesPatient(String sentence) {
        boolean you = SECOND_PERSON.matcher(sentence).find();
        if (!you && !SELF_CARE.matcher(sentence).lookingAt()) {
            return false;
        }
        if (CONDITIONAL.matcher(sentence).find() && SEEK_CARE.matcher(sentence).find()) {
            return false;
        }
        if (you && CLINICIAN_YOU_ZH.matcher(sentence).find()) {
            return false;
        }
        return !(you && CLINICIAN_YOU.matcher(sentence).find() && !SELF_CARE.matcher(sentence).lookingAt());
    }

    private static String clauseAround(String s, int at) {
        int start = clauseStart(s, at);
        Matcher m = CLAUSE_END.matcher(s);
        int end = s.length();
        while (m.find()) {
            if (m.start() >= at) {
                end = m.start();
                break;
            }
        }
        return s.substring(start, end);
    }

    private static int clauseStart(String s, int at) {
        Matcher m = CLAUSE_END.matcher(s.substring(0, Math.min(at, s.length())));
        int last = 0;
        while (m.find()) {
            last = m.end();
        }
        return last;
    }
}
