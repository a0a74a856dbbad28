package org.dxguard.reasoner.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a diagnosis proposed as likely from one named to exclude, monitor for, as a complication or as a risk
 * (issue 17, item 4; {@code VETO-DX-001}), in English and Chinese. "The most likely diagnosis is pulmonary embolism",
 * "Overall this is streptococcal pharyngitis", "最可能的诊断是急性支气管炎" propose one; "meningitis must be considered
 * if…", "rule out pneumonia", "Hypoglycaemia is a risk", "to avoid medication-overuse headache", "需排除…", "以免…" do
 * not. A diagnosis is read from the lexicon ({@code diagnoses.csv}) next to a proposing word, or — after a strong
 * proposing phrase ("the most likely diagnosis is", "this is", "诊断为") — as the phrase itself when it reads as a
 * disease name (a disease word or ending: "-itis", "syndrome", "hydrocephalus", "炎", "综合征" …), so a diagnosis
 * the lexicon does not know is still checked against the candidate list.
 */
final class Diagnoses {
    /** A diagnosis phrase proposed after a strong cue, at {@code start}. */
    record Phrase(int start, String text) {}

    private static final Pattern CLAUSE = Pattern.compile("[,;:，；：。]|\\s(?:but|although|though|whereas|while|which|"
        + "because|since|so|and\\s+so)\\s|但|而|因此");
    /** Words that make a named diagnosis something to exclude, watch for, avoid or a risk: not a proposal. */
    private static final Pattern KEEP = Pattern.compile("(?i)\\b(rule[sd]?\\s+out|ruling\\s+out|exclud\\w*|exclusion|"
        + "(?:must|should|can|could|may|might|to)\\s+(?:still\\s+|also\\s+)?be\\s+considered|considered\\s+if|consider\\w*\\s+if|"
        + "less\\s+likely|unlikely|not\\s+likely|not\\s+consistent|no\\s+evidence|against|argues?\\s+against|"
        + "risks?|at\\s+risk|risk\\s+factors?|complicat\\w+|triggers?|triggered|precipitat\\w*|avoid\\w*|prevent\\w*|"
        + "monitor\\w*|watch\\w*\\s+for|look\\w*\\s+for|alert\\s+to|warning\\s+signs?|red\\s+flags?|mimic\\w*|"
        + "can\\s+cause|may\\s+cause|could\\s+cause|causes|assess\\w*\\s+for|screen\\w*|history\\s+of|prior|previous|"
        + "family\\s+history|worsen\\w*|aggravat\\w*|if|unless|whether|should\\s+(?:she|he|they|symptoms?)|not|no|never|"
        + "without|absent|excluded|differential\\s+includes?\\s+(?:ruling|excluding))\\b|排除|除外|警惕|注意|以免|避免|预防|"
        + "风险|危险因素|并发症|诱因|诱发|可能性(?:较低|小|不大|低|很小)|不考虑|不支持|不符合|不像|监测|鉴别|既往|病史|加重|"
        + "恶化|若|如果|一旦|(?<![例比])如(?=出现|发生|有)|未见|无|没有|不是|并非");
    /** Words that propose a named diagnosis. */
    private static final Pattern PROPOSE = Pattern.compile("(?i)\\b(most\\s+likely|more\\s+likely|likely|likeliest|"
        + "probabl[ey]|presum\\w*|diagnos\\w*|consistent\\s+with|compatible\\s+with|suggestive\\s+of|suggests?|"
        + "suggesting|points?\\s+to(?:wards?)?|pointing\\s+to|indicative\\s+of|in\\s+keeping\\s+with|typical\\s+of|fits?|"
        + "favou?r\\w*|this\\s+is|overall|due\\s+to|caused\\s+by|explained\\s+by|explains?|confirm\\w*|certain\\w*|"
        + "definite\\w*|clearly|possib\\w*|may\\s+be|might\\s+be|could\\s+be|impression|represents?|has|have|had|"
        + "suffers?\\s+from|(?:is|are)\\s+(?:also\\s+)?(?:being\\s+)?considered|also\\s+considered|alternatives?\\s+"
        + "(?:include|are)|differential\\s+(?:includes?|diagnos\\w+))\\b|考虑|诊断|符合|提示|倾向|疑似|拟诊|可能|最可能|系|属于|"
        + "鉴别诊断包括");
    /** A strong proposing phrase after which the words up to the clause end are the diagnosis. */
    private static final Pattern STRONG = Pattern.compile("(?i)(?:\\b(?:the\\s+)?(?:most\\s+likely|likeliest|leading|"
        + "working|probable|final|likely)\\s+diagnosis\\s+(?:here\\s+|in\\s+this\\s+case\\s+)?(?:is|would\\s+be|remains|"
        + "seems\\s+to\\s+be|appears\\s+to\\s+be)\\s+|\\b(?:overall,?\\s+)?this\\s+is\\s+(?:most\\s+likely\\s+|probably\\s+|"
        + "likely\\s+|clearly\\s+|almost\\s+certainly\\s+|in\\s+all\\s+likelihood\\s+)?(?:a\\s+case\\s+of\\s+)?|"
        + "(?:^|(?<=[.;。；]\\s{0,3}))(?:(?:working|final|likely|most\\s+likely|provisional|clinical)\\s+)?(?:diagnosis|"
        + "impression)\\s*:\\s*|\\bmost\\s+likely\\s*:\\s*|\\b(?:the\\s+)?diagnosis\\s+is\\s+|"
        + "\\bdiagnosis\\s+of\\s+|"
        + "\\bdiagnosed\\s+(?:with|as)\\s+|\\b(?:consistent|compatible)\\s+with\\s+(?:a\\s+diagnosis\\s+of\\s+)?|"
        + "\\b(?:typical|characteristic|diagnostic|indicative|suggestive|pathognomonic)\\s+of\\s+|\\bin\\s+keeping\\s+with\\s+)"
        + "|最可能的诊断(?:是|为)|最可能(?:是|为)|诊断(?:为|是|考虑)|考虑(?:诊断)?为|本例(?:最可能)?(?:为|是)|拟诊");
    private static final Pattern PHRASE_END = Pattern.compile("(?i)[,.;:!?，。；：！？(（\\[【]|\\s(?:which|although|though|"
        + "but|and|with|because|given|as|in|rather|since|that|while|who|after|from|on|than|or|if|is|was|explains?)\\s|"
        + "但|而|可能性|，|不能|可能|且|伴|合并");
    private static final Pattern NOT_BEFORE = Pattern.compile("(?i)\\b(not|never|unlikely|no|hardly)\\s*$|(?:不|并非|不是)\\s*$");
    private static final Pattern NOT_AFTER = Pattern.compile("(?i)^\\s*(?:not|unlikely|less\\s+likely|excluded|ruled\\s+out)\\b"
        + "|^\\s*(?:不|并非|排除)");
    private static final Pattern DISEASE_EN = Pattern.compile("(?i)(?:itis|osis|oma|aemia|emia|pathy|plasia|trophy|"
        + "cephalus|ectasis|algia|rrh(?:o)?ea|syndrome|disease|disorder|infection|cancer|carcinoma|tumou?r|failure|"
        + "insufficiency|fracture|embolism|thrombosis|stroke|infarction|ha?emorrhage|hypertension|hypotension|abscess|"
        + "ulcer|hernia|injury|palsy|sepsis|deficiency|reflux|apno?ea|fibrillation|flutter|vertigo|migraine|headache|"
        + "pneumonia|asthma|gout|lupus|diabetes|dementia|delirium|depression|aneurysm|dissection|obstruction|colic|"
        + "stones?|calculi|cyst|polyp|lymphoma|leuka?emia|sarcoma|melanoma|mononucleosis|influenza|covid(?:-19)?|"
        + "bronchiolitis|croup|sciatica|tia|angina|pharyngitis|hydrocephalus|pancreatitis|appendicitis|cholecystitis|"
        + "meningitis|encephalitis|toxicity|poisoning|overdose|intoxication|neuropathy|myopathy|arrhythmia|"
        + "tachycardia|bradycardia|effusion|pneumothorax|anaphylaxis|shock|psychosis|mania|ischa?emia)$");
    private static final Pattern DISEASE_ZH = Pattern.compile("(?:炎|病|症|癌|瘤|综合征|感染|衰竭|骨折|栓塞|梗死|梗塞|"
        + "出血|积水|高压|低压|结石|溃疡|脓肿|痛风|贫血|痴呆|哮喘|流感|损伤|血症|中毒|积液|狭窄|阻塞|麻痹|眩晕|头痛|"
        + "心绞痛|休克|气胸|疝|扩张)$");

    /** "Pulmonary embolism is the most likely diagnosis": the diagnosis named before the strong cue. */
    private static final Pattern STRONG_BEFORE = Pattern.compile("(?i)^(?:overall,?\\s+)?([^,;:，；：]{3,60}?)\\s+(?:is|remains)"
        + "\\s+(?:the\\s+)?(?:most\\s+likely|likeliest|leading|probable|working)\\s+diagnosis\\b|^([^，；：]{2,30}?)(?:是|为)"
        + "(?:最可能的|首要|最)诊断");

    /** Umbrella words that name no one diagnosis ("a bacterial infection", "a viral illness", "感染"). */
    private static final Pattern GENERIC = Pattern.compile("(?i)(?:an?\\s+)?(?:(?:acute|chronic|mild|moderate|severe|"
        + "possible|likely|simple|uncomplicated|complicated|new|recent|early|self-limiting|localised|localized)\\s+)*"
        + "(?:(?:viral|bacterial|fungal|infective|infectious|inflammatory|secondary|lower|upper|respiratory|urinary|chest|"
        + "soft[-\\s]tissue|skin|systemic|tract|intercurrent|underlying)\\s+)*(?:infection|illness|process|cause|aetiology|"
        + "etiology|picture|disease|disorder|condition|syndrome|problem)|(?:病毒|细菌|急性|慢性|呼吸道|上呼吸道|下呼吸道|泌尿道|"
        + "尿路)?(?:感染|疾病|病变|炎症)");

    private Diagnoses() {}

    /** True when the lexicon diagnosis at [start, end) of {@code s} is proposed as likely (not excluded, not a risk). */
    static boolean proposed(String s, int start, int end) {
        String clause = clauseAround(s, start, end);
        String before = s.substring(0, start);
        if (KEEP.matcher(clause).find() || Pattern.compile("(?i)\\b(if|unless|whether)\\b|若|如果|一旦").matcher(before).find()) {
            return false;
        }
        return PROPOSE.matcher(clause).find();
    }

    /** The diagnosis phrases named after (or just before) a strong proposing cue that read as a disease name. */
    static List<Phrase> strongPhrases(String s) {
        List<Phrase> out = new ArrayList<>();
        Matcher b = STRONG_BEFORE.matcher(s.strip());
        if (b.find()) {
            String phrase = (b.group(1) != null ? b.group(1) : b.group(2)).strip()
                .replaceAll("(?i)^(?:a|an|the)\\s+", "");
            if (DISEASE_EN.matcher(phrase).find() || DISEASE_ZH.matcher(phrase).find()) {
                out.add(new Phrase(0, phrase));
            }
        }
        Matcher m = STRONG.matcher(s);
        while (m.find()) {
            String before = s.substring(Math.max(0, m.start() - 15), m.start());
            String after = s.substring(m.end());
            if (NOT_BEFORE.matcher(before).find() || NOT_AFTER.matcher(after).find()) {
                continue;
            }
            Matcher e = PHRASE_END.matcher(after);
            String phrase = (e.find() ? after.substring(0, e.start()) : after).strip();
            phrase = phrase.replaceAll("(?i)^(?:a|an|the|acute|an?\\s+acute)\\s+(?=\\S)", "")
                .replaceAll("(?i)^(?:a|an|the)\\s+", "").replaceAll("[\\s.]+$", "");
            if (phrase.isEmpty() || phrase.length() > 60) {
                continue;
            }
            if ((DISEASE_EN.matcher(phrase).find() || DISEASE_ZH.matcher(phrase).find())
                && !GENERIC.matcher(phrase).matches()) {
                out.add(new Phrase(m.end(), phrase));
            }
        }
        return out;
    }

    private static String clauseAround(String s, int start, int end) {
        Matcher c = CLAUSE.matcher(s);
        int from = 0;
        int to = s.length();
        while (c.find()) {
            if (c.end() <= start) {
                from = c.end();
            } else if (c.start() >= end) {
                to = c.start();
                break;
            }
        }
        return s.substring(from, to);
    }
}
