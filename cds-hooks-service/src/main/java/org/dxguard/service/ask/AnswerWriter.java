package org.dxguard.service.ask;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.SuggestedAction;
import org.dxguard.safety.AnswerFacts;
import org.dxguard.service.explanations.ModelText;

/**
 * Writes an answer's Markdown in its language from fixed phrases ({@link AskMessages}), the guideline rules'
 * findings, the patient's facts and the guideline excerpts — and, for a model's answer, only the text the veto
 * kept, with links removed and Markdown escaped line by line ({@link ModelText}). Every answer ends with the
 * clinician-confirmation line. Stateless.
 */
final class AnswerWriter {
    private static final Map<String, String> ZH_DRUG_NAMES = zhDrugNames();

    private AnswerWriter() {}

    /** The evidence-only answer: rule findings, facts, excerpts (and a note on the model, when there is one). */
    static String evidenceOnly(AskDecision d, List<String> notes) {
        AskMessages m = AskMessages.of(d.language());
        StringBuilder md = new StringBuilder(m.text("answer.title.evidence-only")).append("\n\n");
        for (String note : notes) {
            md.append('_').append(note).append("_\n\n");
        }
        evidence(md, d);
        return md.append(m.text("answer.confirm")).toString();
    }

    /**
     * The model's answer: its kept text (escaped, lines kept), the fixed phrases of what was withheld, then the same
     * evidence as the evidence-only answer.
     */
    static String model(AskDecision d, String modelId, String keptText, List<String> withheldPhrases) {
        AskMessages m = AskMessages.of(d.language());
        StringBuilder md = new StringBuilder(m.text("answer.title.model", "`" + modelId.replace("`", "") + "`"))
            .append("\n\n**").append(m.text("answer.heading.model")).append("**\n");
        for (String line : keptText.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String l = line.strip();
            java.util.regex.Matcher bullet = java.util.regex.Pattern.compile("^(?:[-*•]|\\d+[.)])\\s+").matcher(l);
            boolean isBullet = bullet.find();
            md.append("- ").append(ModelText.markdown(isBullet ? l.substring(bullet.end()) : l)).append('\n');
        }
        if (!withheldPhrases.isEmpty()) {
            md.append("\n**").append(m.text("answer.heading.withheld")).append("**\n");
            withheldPhrases.forEach(p -> md.append("- ").append(p).append('\n'));
        }
        md.append('\n');
        evidence(md, d);
        return md.append(m.text("answer.confirm")).toString();
    }

    private static void evidence(StringBuilder md, AskDecision d) {
        AskMessages m = AskMessages.of(d.language());
        if (d.drugs().isEmpty()) {
            md.append(m.text("answer.findings.no-drug")).append("\n\n");
        }
        for (String drug : d.drugs()) {
            List<RuleFinding> about = d.findings().stream().filter(f -> drugOf(f, d).equals(drug)).toList();
            String name = drugName(drug, d.language());
            if (about.isEmpty()) {
                md.append(m.text("answer.findings.none", name)).append("\n\n");
                continue;
            }
            md.append("**").append(m.text("answer.heading.findings", name)).append("**\n");
            for (RuleFinding f : about) {
                md.append("- ").append(m.text("answer.severity." + f.severity().name().toLowerCase(Locale.ROOT)))
                    .append(": ").append(escape(f.summary()));
                String action = action(f.action(), m);
                if (action != null) {
                    md.append(" (").append(action).append(')');
                }
                md.append(" — ").append(m.text("answer.rule")).append(' ').append(f.ruleId()).append(", ")
                    .append(escape(f.citation())).append('\n');
            }
            md.append('\n');
        }
        md.append("**").append(m.text("answer.heading.facts")).append("**\n");
        if (d.answerFacts().isEmpty()) {
            md.append("- ").append(m.text("answer.facts.none")).append('\n');
        }
        for (AskAnswer.FactView f : facts(d)) {
            md.append("- [").append(f.id()).append("] ").append(escape(f.label()));
            if (f.value() != null && !f.value().isBlank()) {
                md.append(": ").append(escape(f.value()));
            }
            if (f.when() != null) {
                md.append(" (").append(f.when()).append(')');
            }
            md.append('\n');
        }
        md.append("\n**").append(m.text("answer.heading.excerpts")).append("**\n");
        if (d.excerpts().isEmpty()) {
            md.append("- ").append(m.text("answer.excerpts.none")).append('\n');
        }
        for (GuidelineExcerpt x : d.excerpts()) {
            String title = excerptTitle(x, d.language(), m);
            md.append("- [").append(x.id()).append("] **").append(escape(title)).append("**: ")
                .append(escape(x.text(d.language()))).append(" _(").append(escape(x.citation())).append(")_\n");
        }
        md.append('\n');
    }

    /**
     * An excerpt's title in the answer's language; an excerpt not written in that language is shown in English,
     * its title labelled as the English source text (the Markdown answer and the JSON citation say the same).
     */
    private static String excerptTitle(GuidelineExcerpt x, String language, AskMessages m) {
        return x.hasLanguage(language) ? x.title(language)
            : x.title() + " " + m.text("answer.excerpts.english-source");
    }

    /**
     * The answer's citations: each excerpt's id, title as the Markdown answer shows it (labelled when it is the
     * English source text), source, and the language its title and text are in ({@code en} when the excerpt has no
     * version in the answer's language).
     */
    static List<AskAnswer.Citation> citations(AskDecision d) {
        AskMessages m = AskMessages.of(d.language());
        List<AskAnswer.Citation> out = new ArrayList<>();
        for (GuidelineExcerpt x : d.excerpts()) {
            out.add(new AskAnswer.Citation(x.id(), excerptTitle(x, d.language(), m), x.citation(),
                x.hasLanguage(d.language()) ? d.language() : "en"));
        }
        return out;
    }

    /** The facts as the answer lists them, labelled in its language. */
    static List<AskAnswer.FactView> facts(AskDecision d) {
        AskMessages m = AskMessages.of(d.language());
        List<AskAnswer.FactView> out = new ArrayList<>();
        for (AnswerFacts.Fact f : d.answerFacts()) {
            String label;
            String value = f.value();
            switch (f.kind()) {
                case LAB -> label = m.text("lab." + f.labKind());
                case SEX -> {
                    label = m.text("fact.SEX");
                    value = m.has("fact.sex." + f.value()) ? m.text("fact.sex." + f.value()) : f.value();
                }
                case PREGNANCY -> {
                    label = m.text("fact.PREGNANCY");
                    value = m.text("fact.pregnant");
                }
                case MEDICATION -> {
                    label = m.text("fact.MEDICATION");
                    value = f.name() + (f.value().isBlank() ? "" : " " + f.value());
                }
                case CONDITION, ALLERGY -> {
                    label = m.text("fact." + f.kind().name());
                    value = f.name() + (f.value().isBlank() ? "" : " (" + (f.kind() == AnswerFacts.Kind.ALLERGY
                        && f.value().equals("high criticality") ? m.text("fact.allergy.high") : f.value()) + ")");
                }
                default -> label = m.text("fact." + f.kind().name());
            }
            out.add(new AskAnswer.FactView(f.id(), label, value,
                f.when() == null ? null : f.when().atOffset(ZoneOffset.UTC).toLocalDate().toString()));
        }
        return out;
    }

    /** The drug a finding is about (the hypothetical order it names). */
    static String drugOf(RuleFinding f, AskDecision d) {
        for (int i = 0; i < d.drugs().size(); i++) {
            String ref = "MedicationRequest/" + AskService.draftId(i) + " ";
            if (f.triggeredBy().stream().anyMatch(t -> t.startsWith(ref))
                || (f.action() != null && AskService.draftId(i).equals(f.action().targetMedicationId()))) {
                return d.drugs().get(i);
            }
        }
        return "";
    }

    private static String action(SuggestedAction a, AskMessages m) {
        if (a == null) {
            return null;
        }
        return switch (a.kind()) {
            case CANCEL_ORDER -> m.text("answer.action.cancel");
            case CHANGE_DOSE -> m.text("answer.action.change-dose");
            case ORDER_LAB -> m.text("answer.action.order-lab");
            case STOP_MEDICATION -> m.text("answer.action.stop");
            default -> null;
        };
    }

    /** A drug's name in the answer's language (Chinese: its Chinese generic name and the English one). */
    static String drugName(String ingredient, String language) {
        if ("zh".equals(language)) {
            String zh = ZH_DRUG_NAMES.get(ingredient);
            return zh == null ? ingredient : zh + "（" + ingredient + "）";
        }
        return ingredient;
    }

    /** Data text (rule summaries, record displays, excerpts) escaped for Markdown, links kept out. */
    static String escape(String s) {
        return ModelText.markdown(s);
    }

    private static Map<String, String> zhDrugNames() {
        Map<String, String> m = new HashMap<>();
        try (InputStream in = AnswerWriter.class.getResourceAsStream("/reasoner/claims/drug-synonyms.csv")) {
            if (in == null) {
                return Map.of();
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",", -1);
                if (f.length >= 3 && f[2].strip().equals("zh") && !line.startsWith("#")) {
                    m.putIfAbsent(f[1].strip(), f[0].strip());
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return Map.copyOf(m);
    }
}
