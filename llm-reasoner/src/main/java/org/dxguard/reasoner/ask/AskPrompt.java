package org.dxguard.reasoner.ask;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dxguard.reasoner.internal.PromptTemplate;

/**
 * The prompt of a question's answer: {@code reasoner/prompts/ask-v1.txt} (English) or {@code ask-v1-zh.txt}
 * (Chinese), filled with {@link AskMaterial} only — the de-identified question, the facts by id, the rule findings
 * and the excerpts. The model answers in plain text, citing {@code [F1]} and {@code [ADA-EXC-001]}.
 */
public final class AskPrompt {
    /** The English prompt version; a Chinese question's answer is asked with {@code ask-v1-zh} ({@link #version}). */
    public static final String VERSION = "ask-v1";
    private static final PromptTemplate EN = PromptTemplate.load(VERSION);
    private static final PromptTemplate ZH = PromptTemplate.load(VERSION + "-zh");

    private AskPrompt() {}

    /** The prompt version recorded with a model answer in {@code language}: {@code ask-v1} or {@code ask-v1-zh}. */
    public static String version(String language) {
        return "zh".equals(language) ? ZH.version() : EN.version();
    }

    /** The user message for this material, in its language. */
    public static String render(AskMaterial m) {
        boolean zh = "zh".equals(m.language());
        String none = zh ? "（无）" : "(none)";
        StringBuilder facts = new StringBuilder();
        for (AskMaterial.Fact f : m.facts()) {
            facts.append("- [").append(f.id()).append("] ").append(f.label());
            if (!f.value().isBlank()) {
                facts.append(zh ? "：" : ": ").append(f.value());
            }
            if (!f.when().isBlank()) {
                facts.append(zh ? "（" : " (").append(f.when()).append(zh ? "）" : ")");
            }
            facts.append('\n');
        }
        StringBuilder findings = new StringBuilder();
        for (AskMaterial.Finding f : m.findings()) {
            findings.append("- ").append(f.ruleId()).append(" (").append(f.severity()).append(", ").append(f.drug())
                .append(zh ? ")：" : "): ").append(f.summary()).append('\n');
        }
        StringBuilder excerpts = new StringBuilder();
        for (AskMaterial.Excerpt e : m.excerpts()) {
            excerpts.append("- [").append(e.id()).append("] ").append(e.title()).append(zh ? "：" : ": ")
                .append(e.text()).append('\n');
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("question", m.question());
        values.put("facts", facts.isEmpty() ? none : facts.toString().stripTrailing());
        values.put("findings", findings.isEmpty() ? none : findings.toString().stripTrailing());
        values.put("excerpts", excerpts.isEmpty() ? none : excerpts.toString().stripTrailing());
        return (zh ? ZH : EN).render(values);
    }
}
