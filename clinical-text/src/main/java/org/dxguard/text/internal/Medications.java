package org.dxguard.text.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.text.MedicationMention;
import org.dxguard.text.Mention;
import org.dxguard.text.Sentence;
import org.dxguard.text.Span;
import org.dxguard.text.TermKind;

/**
 * Dose, frequency and route stated after a drug mention, up to the next drug or the end of its sentence:
 * "metformin 500 mg PO BID", "aspirin 81mg daily", "二甲双胍 0.5g 口服 每日两次", "阿司匹林100mg qd".
 * Frequencies become HL7 GTS abbreviation codes (QD, BID, TID, QID, QOD, Q4H, Q6H, Q8H, Q12H, BED); "as needed"
 * (prn, 必要时) is kept as text.
 */
final class Medications {
    private static final Pattern DOSE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(mg|mcg|µg|μg|ug|g|ml|iu|units?|u|"
        + "毫克|克|微克|毫升|单位|片|粒|支)(?![a-z])");
    private record Freq(Pattern pattern, String code) {
        Freq(String regex, String code) {
            this(Pattern.compile(regex), code);
        }
    }

    private static final List<Freq> FREQUENCIES = List.of(
        new Freq("(?<![a-z])(?:q\\.?d\\.?|o\\.?d\\.?|daily|once (?:a )?day|once daily|every day|qam|qpm)(?![a-z])"
            + "|每日一次|每天一次|一日一次|每日1次|每天1次|一天一次|1次/日|qd", "QD"),
        new Freq("(?<![a-z])(?:b\\.?i\\.?d\\.?|twice (?:a )?day|twice daily|two times (?:a )?day|q12h|"
            + "every 12 hours)(?![a-z])|每日两次|每日二次|每天两次|一日两次|一日二次|每日2次|每天2次|2次/日|每12小时一次", "BID"),
        new Freq("(?<![a-z])(?:t\\.?i\\.?d\\.?|three times (?:a )?day|three times daily|q8h|every 8 hours)(?![a-z])"
            + "|每日三次|每天三次|一日三次|每日3次|每天3次|3次/日|每8小时一次", "TID"),
        new Freq("(?<![a-z])(?:q\\.?i\\.?d\\.?|four times (?:a )?day|four times daily|q6h|every 6 hours)(?![a-z])"
            + "|每日四次|一日四次|每日4次|4次/日|每6小时一次", "QID"),
        new Freq("(?<![a-z])(?:q\\.?o\\.?d\\.?|every other day)(?![a-z])|隔日一次|隔天一次", "QOD"),
        new Freq("(?<![a-z])(?:q4h|every 4 hours)(?![a-z])|每4小时一次", "Q4H"),
        new Freq("(?<![a-z])(?:qhs|q\\.?h\\.?s\\.?|at bedtime|nightly|at night)(?![a-z])|睡前|每晚", "BED"));
    private static final Pattern PRN = Pattern.compile("(?<![a-z])(?:prn|p\\.r\\.n\\.|as needed|when needed)(?![a-z])"
        + "|必要时|需要时");
    private static final Pattern ROUTE = Pattern.compile("(?<![a-z])(po|p\\.o\\.|oral(?:ly)?|by mouth|iv|i\\.v\\."
        + "|intravenous(?:ly)?|im|intramuscular(?:ly)?|sc|s\\.c\\.|subcut(?:aneous(?:ly)?)?|sq|inhaled|topical(?:ly)?)"
        + "(?![a-z])|口服|静滴|静脉滴注|静推|静脉注射|肌注|肌肉注射|皮下注射|吸入|外用|含服|舌下");

    private Medications() {}

    static List<MedicationMention> find(String text, List<Mention> mentions, List<Sentence> sentences) {
        String norm = new String(Tokenizer.normalize(text));
        List<MedicationMention> out = new ArrayList<>();
        List<Mention> drugs = mentions.stream().filter(m -> m.term().kind() == TermKind.DRUG).toList();
        for (int i = 0; i < drugs.size(); i++) {
            Mention d = drugs.get(i);
            if (i > 0 && drugs.get(i - 1).span().equals(d.span())) {
                continue; // several terms for the same words: one statement
            }
            Sentence s = sentences.get(d.sentence());
            int end = s.span().end();
            for (int j = i + 1; j < drugs.size(); j++) {
                if (!drugs.get(j).span().equals(d.span())) {
                    if (drugs.get(j).sentence() == d.sentence()) {
                        end = Math.min(end, drugs.get(j).span().start());
                    }
                    break;
                }
            }
            String region = norm.substring(d.span().end(), end);
            int base = d.span().end();
            Double dose = null;
            String unit = null;
            int last = d.span().end();
            Matcher m = DOSE.matcher(region);
            if (m.find() && m.start() <= 24) {
                dose = Double.parseDouble(m.group(1));
                unit = ucum(m.group(2));
                last = Math.max(last, base + m.end());
            }
            String freq = null;
            String freqText = null;
            int best = Integer.MAX_VALUE;
            for (Freq f : FREQUENCIES) {
                Matcher fm = f.pattern().matcher(region);
                if (fm.find() && fm.start() < best && fm.start() <= 48) {
                    best = fm.start();
                    freq = f.code();
                    freqText = text.substring(base + fm.start(), base + fm.end());
                    last = Math.max(last, base + fm.end());
                }
            }
            Matcher pm = PRN.matcher(region);
            if (pm.find() && pm.start() <= 48) {
                freqText = freqText == null ? text.substring(base + pm.start(), base + pm.end())
                    : freqText + " " + text.substring(base + pm.start(), base + pm.end());
                last = Math.max(last, base + pm.end());
            }
            String route = null;
            Matcher rm = ROUTE.matcher(region);
            if (rm.find() && rm.start() <= 32) {
                route = text.substring(base + rm.start(), base + rm.end());
                last = Math.max(last, base + rm.end());
            }
            out.add(new MedicationMention(d, dose, unit, freq, freqText, route, new Span(d.span().start(), last)));
        }
        return out;
    }

    private static String ucum(String written) {
        return switch (written) {
            case "mg", "毫克" -> "mg";
            case "mcg", "µg", "μg", "ug", "微克" -> "ug";
            case "g", "克" -> "g";
            case "ml", "毫升" -> "mL";
            case "iu", "units", "unit", "u", "单位" -> "[iU]";
            case "片" -> "{tbl}";
            case "粒" -> "{capsule}";
            case "支" -> "{ampule}";
            default -> written;
        };
    }
}
