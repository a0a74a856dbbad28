package org.dxguard.service.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.guidelines.PackageStatus;
import org.dxguard.rules.CompiledRuleSet;
import org.dxguard.rules.RuleInfo;
import org.dxguard.rules.RuleMeta;
import org.dxguard.service.audit.AuditStats;
import org.dxguard.service.audit.DecisionRecord;

/**
 * The console's read-only JSON API, independent of HTTP: decision records (paged list, detail with why each card
 * was shown), override rates per rule ({@link AuditStats}), guideline packages with their scenario results, and the
 * veto report ({@link SafetyReports}). Every string it writes has {@code <}, {@code >}, {@code &} and {@code '}
 * escaped as {@code \\uXXXX}, so hostile text (a model's raw output) cannot end a script or markup context even if
 * a client misuses the JSON; the pages only ever insert it as text.
 */
final class ConsoleApi {
    static final int MAX_PAGE_SIZE = 200;
    private static final ObjectMapper JSON = mapper();

    /** The list page's answer. */
    record DecisionPage(long total, int page, int size, Set<String> services, List<DecisionIndex.Entry> items) {}

    /** A decision record with, for every card, the rule behind it and what that rule fired on. */
    record DecisionDetail(DecisionRecord record, List<CardWhy> cards) {}

    /**
     * Why one card was shown: its rule (null for a card not made by a guideline rule, such as the differential),
     * every firing of that rule in this call (version and the facts it fired on) and what the rule catalogue in
     * force says about it ({@code rule}; null when the rule is no longer loaded).
     */
    record CardWhy(DecisionRecord.CardSummary card, String ruleId, List<DecisionRecord.Fired> fired, RuleMeta rule) {}

    /** The guidelines page's answer. */
    record Guidelines(String rulesetVersion, String lastReloadError, List<GuidelinePackage> packages) {}

    record GuidelinePackage(PackageStatus status, List<GuidelineRule> rules) {}

    record GuidelineRule(String ruleId, String version, String title, String citation, String citationUrl,
                         boolean needsClinicalReview, String file, int line) {}

    /** The overrides page's answer. */
    record Overrides(long decisions, java.util.Map<Integer, Long> statuses, List<OverrideRow> rules) {}

    record OverrideRow(String ruleId, long cards, long accepted, long overridden, Double overrideRate, long vetoes) {}

    private final Path dataDir;
    private final DecisionIndex index;
    private final GuidelineRepository guidelines;
    private final SafetyReports safety;

    ConsoleApi(Path dataDir, GuidelineRepository guidelines, SafetyReports safety) {
        this.dataDir = dataDir;
        this.index = new DecisionIndex(dataDir);
        this.guidelines = guidelines;
        this.safety = safety;
    }

    DecisionPage decisions(String service, String rule, int page, int size) throws IOException {
        DecisionIndex.Page p = index.page(blankToNull(service), blankToNull(rule), page, size);
        return new DecisionPage(p.total(), p.page(), p.size(), index.services(), p.items());
    }

    Optional<DecisionDetail> decision(long seq) throws IOException {
        return index.record(seq).map(this::detail);
    }

    DecisionDetail detail(DecisionRecord r) {
        CompiledRuleSet rules = guidelines.activeRuleSet();
        List<CardWhy> cards = new ArrayList<>();
        for (DecisionRecord.CardSummary c : r.cards() == null ? List.<DecisionRecord.CardSummary>of() : r.cards()) {
            List<DecisionRecord.Fired> fired = c.ruleId() == null || r.rulesFired() == null ? List.of()
                : r.rulesFired().stream().filter(f -> c.ruleId().equals(f.ruleId())).toList();
            RuleMeta meta = c.ruleId() == null ? null : rules.meta(c.ruleId()).orElse(null);
            cards.add(new CardWhy(c, c.ruleId(), fired, meta));
        }
        return new DecisionDetail(r, cards);
    }

    Overrides overrides() throws IOException {
        AuditStats s = AuditStats.compute(dataDir);
        return new Overrides(s.decisions(), new java.util.TreeMap<>(s.statuses()), s.rules().stream()
            .map(r -> new OverrideRow(r.ruleId(), r.cards(), r.accepted(), r.overridden(), r.overrideRate(),
                r.vetoes())).toList());
    }

    Guidelines guidelines() {
        CompiledRuleSet set = guidelines.activeRuleSet();
        List<GuidelinePackage> out = new ArrayList<>();
        for (PackageStatus p : guidelines.packages()) {
            List<GuidelineRule> rules = new ArrayList<>();
            for (RuleInfo info : set.rules()) {
                Optional<RuleMeta> meta = set.meta(info.ruleId());
                if (meta.isPresent() && meta.get().guidelineId().equals(p.id())) {
                    rules.add(new GuidelineRule(info.ruleId(), info.version(), meta.get().title(),
                        meta.get().citation(), meta.get().citationUrl(), meta.get().needsClinicalReview(),
                        info.file(), info.line()));
                }
            }
            out.add(new GuidelinePackage(p, rules));
        }
        return new Guidelines(set.rulesetVersion(), guidelines.lastReloadError().orElse(null), out);
    }

    /** The report ({@link SafetyReports.Report}) or, while it is computed, {@link SafetyReports.Running}. */
    Object safety() {
        return safety.poll();
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectMapper mapper() {
        ObjectMapper m = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.ALWAYS).build();
        m.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Escapes the characters that mean something to HTML as {@code \\uXXXX} (still valid, identical JSON). */
    static final class HtmlSafeEscapes extends CharacterEscapes {
        private final int[] escapes;

        HtmlSafeEscapes() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            for (char c : new char[] {'<', '>', '&', '\'', '/'}) {
                escapes[c] = CharacterEscapes.ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
