package org.dxguard.guidelines.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.dxguard.guidelines.ClasspathDirectory;
import org.dxguard.guidelines.GuidelineErrors;
import org.dxguard.guidelines.PackageMetadata;
import org.dxguard.guidelines.ScenarioResult;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.RuleFinding;
import org.dxguard.rules.CompileProblem;
import org.dxguard.rules.CompiledRuleSet;
import org.dxguard.rules.RuleCompilationException;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.rules.RuleMeta;
import org.dxguard.rules.RuleSetCompiler;
import org.dxguard.rules.MessageErrors;
import org.dxguard.rules.Messages;
import org.dxguard.rules.RuleSetDefinition;
import org.dxguard.rules.RuleSource;
import org.dxguard.rules.Terminology;
import org.dxguard.rules.facts.PairRow;
import org.dxguard.rules.facts.TableRow;

/**
 * Reads a guideline directory (packages + {@code terminology/}), compiles it, checks metadata and scenario
 * coverage, and runs scenarios. Pure function of the directory contents: no state, no activation.
 */
public final class Loader {
    public static final String TERMINOLOGY_DIR = "terminology";
    public static final String METADATA_FILE = "package.yaml";
    public static final String CLASSPATH_ROOT = "guidelines";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** One package as read from disk. */
    public record LoadedPackage(PackageMetadata metadata, Path dir, List<RuleSource> sources, List<Object> tables,
                                List<Scenario> scenarios, List<ExcerptParser.Parsed> excerpts, Messages messages) {}

    /** A package's message templates (card texts in each language it declares). */
    public static final String MESSAGES_FILE = "messages.yaml";

    /** Everything a load produced; {@code ruleSet} is null when any problem was found. */
    public record Outcome(List<LoadedPackage> packages, CompiledRuleSet ruleSet, List<String> problems,
                          List<ScenarioResult> scenarioResults) {
        public boolean ok() {
            return ruleSet != null && problems.isEmpty()
                && scenarioResults.stream().allMatch(ScenarioResult::passed);
        }

        /** The guideline excerpts of every package, in package order. */
        public List<org.dxguard.model.GuidelineExcerpt> excerpts() {
            return packages.stream().flatMap(p -> p.excerpts().stream()).map(ExcerptParser.Parsed::excerpt).toList();
        }
    }

    private Loader() {}

    /**
     * Loads, compiles and checks; runs the scenarios when {@code runScenarios}. Never throws for content
     * problems (they are listed in the outcome); throws {@link DxGuardException} for unreadable directories.
     */
    public static Outcome load(Path root, boolean runScenarios) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            throw new DxGuardException(GuidelineErrors.IO, root + " is not a directory");
        }
        List<LoadedPackage> packages = new ArrayList<>();
        Terminology terminology;
        try {
            Path term = root.resolve(TERMINOLOGY_DIR);
            terminology = Terminology.parse(readTerminology(Files.isDirectory(term) ? term : packagedTerminology()));
        } catch (DxGuardException e) {
            problems.add(TERMINOLOGY_DIR + "/" + e.reason());
            return new Outcome(packages, null, problems, List.of());
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve(METADATA_FILE)))
                .sorted((a, b) -> name(a).compareTo(name(b))).toList();
        } catch (IOException e) {
            throw new DxGuardException(GuidelineErrors.IO, "cannot list " + root + ": " + e.getMessage(), e);
        }
        if (dirs.isEmpty()) {
            problems.add(root + ": no guideline package found (a package is a folder with a " + METADATA_FILE + ")");
        }
        Set<String> ids = new HashSet<>();
        for (Path dir : dirs) {
            try {
                LoadedPackage p = readPackage(dir, problems);
                if (p != null) {
                    if (!ids.add(p.metadata().id())) {
                        problems.add(name(dir) + "/" + METADATA_FILE + ": package id '" + p.metadata().id()
                            + "' is used by another package");
                    }
                    packages.add(p);
                }
            } catch (DxGuardException e) {
                problems.add(e.reason());
            }
        }
        Map<String, String> excerptIds = new HashMap<>();
        for (LoadedPackage p : packages) {
            for (ExcerptParser.Parsed e : p.excerpts()) {
                String where = name(p.dir()) + "/" + ExcerptParser.FILE + ":" + e.line();
                String other = excerptIds.putIfAbsent(e.excerpt().id(), where);
                if (other != null) {
                    problems.add(where + ": excerpt id " + e.excerpt().id() + " is already used at " + other);
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Outcome(packages, null, problems, List.of());
        }
        RuleSetDefinition.Builder def = RuleSetDefinition.builder().terminology(terminology);
        StringBuilder label = new StringBuilder();
        Set<String> ruleIds = new HashSet<>();
        for (LoadedPackage p : packages) {
            PackageMetadata m = p.metadata();
            label.append(label.length() == 0 ? "" : "+").append(m.id()).append('@').append(m.version());
            def.sources(p.sources()).tableFacts(p.tables()).messages(p.messages());
            for (PackageMetadata.RuleEntry r : m.rules()) {
                if (!ruleIds.add(r.id())) {
                    problems.add(name(p.dir()) + "/" + METADATA_FILE + ": rule id " + r.id()
                        + " is listed more than once across packages");
                    continue;
                }
                String citation = r.citation() == null || r.citation().isBlank()
                    ? (m.source() == null ? null : m.source().citation()) : r.citation();
                String url = r.url() != null ? r.url() : m.source() == null ? null : m.source().url();
                for (Map.Entry<String, Integer> e : r.labMaxAgeDays().entrySet()) {
                    if (e.getValue() == null || e.getValue() < 0) {
                        problems.add(name(p.dir()) + "/" + METADATA_FILE + ": rule " + r.id() + ": labMaxAgeDays."
                            + e.getKey() + " must be a whole number of days (0 or more)");
                    } else if (terminology.labKindInfo(e.getKey()).isEmpty()) {
                        problems.add(name(p.dir()) + "/" + METADATA_FILE + ": rule " + r.id() + ": labMaxAgeDays names "
                            + e.getKey() + ", which is not a lab kind of terminology/lab-kinds.csv");
                    }
                }
                def.rule(new RuleMeta(r.id(), m.id(), r.title(), citation, url, r.review(), r.labMaxAgeDays()));
            }
        }
        def.versionLabel(label.toString());
        if (!problems.isEmpty()) {
            return new Outcome(packages, null, problems, List.of());
        }
        CompiledRuleSet ruleSet;
        try {
            ruleSet = RuleSetCompiler.compile(def.build());
        } catch (RuleCompilationException e) {
            e.problems().stream().map(CompileProblem::format).forEach(problems::add);
            return new Outcome(packages, null, problems, List.of());
        }
        problems.addAll(coverage(packages, ruleSet));
        List<ScenarioResult> results = runScenarios ? run(packages, ruleSet) : List.of();
        return new Outcome(packages, problems.isEmpty() ? ruleSet : null, problems, results);
    }

    /** Every rule needs ≥1 scenario where it must fire and ≥1 where it must not; scenarios name known rules. */
    static List<String> coverage(List<LoadedPackage> packages, CompiledRuleSet rs) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> pos = new HashMap<>();
        Map<String, Integer> neg = new HashMap<>();
        Set<String> known = new HashSet<>();
        rs.rules().forEach(r -> known.add(r.ruleId()));
        for (LoadedPackage p : packages) {
            for (Scenario s : p.scenarios()) {
                for (Scenario.Expectation e : s.fired()) {
                    pos.merge(e.ruleId(), 1, Integer::sum);
                    if (!known.contains(e.ruleId())) {
                        out.add(s.file() + " :: " + s.name() + ": expects unknown rule " + e.ruleId());
                    }
                }
                for (String id : s.notFired()) {
                    neg.merge(id, 1, Integer::sum);
                    if (!known.contains(id)) {
                        out.add(s.file() + " :: " + s.name() + ": names unknown rule " + id + " in notFired");
                    }
                }
            }
        }
        for (var r : rs.rules()) {
            if (!pos.containsKey(r.ruleId())) {
                out.add(r.file() + ":" + r.line() + ": rule " + r.ruleId()
                    + ": no positive scenario (list it under expect.fired in a scenario)");
            }
            if (!neg.containsKey(r.ruleId())) {
                out.add(r.file() + ":" + r.line() + ": rule " + r.ruleId()
                    + ": no negative scenario (list it under expect.notFired in a scenario)");
            }
        }
        return out;
    }

    /** Runs every scenario of every package against the rule set. */
    public static List<ScenarioResult> run(List<LoadedPackage> packages, CompiledRuleSet rs) {
        List<ScenarioResult> out = new ArrayList<>();
        Map<String, List<String>> languages = languages(packages);
        for (LoadedPackage p : packages) {
            for (Scenario s : p.scenarios()) {
                out.add(runOne(s, rs, languages));
            }
        }
        return out;
    }

    /** The languages each package declares, by package id. */
    public static Map<String, List<String>> languages(List<LoadedPackage> packages) {
        Map<String, List<String>> out = new HashMap<>();
        packages.forEach(p -> out.put(p.metadata().id(), p.metadata().languages()));
        return out;
    }

    public static ScenarioResult runOne(Scenario s, CompiledRuleSet rs) {
        return runOne(s, rs, Map.of());
    }

    /**
     * Runs one scenario; every finding of a rule whose package declares languages besides English must also have
     * its texts in those languages (a card that would fall back to English fails the scenario).
     */
    public static ScenarioResult runOne(Scenario s, CompiledRuleSet rs, Map<String, List<String>> languages) {
        List<String> reasons = new ArrayList<>();
        RuleEvaluation ev;
        try {
            ev = rs.evaluate(s.given());
        } catch (RuntimeException e) {
            return new ScenarioResult(s.packageId(), s.file(), s.name(), false,
                List.of("evaluation failed: " + e.getMessage()), List.of());
        }
        List<String> firedIds = ev.findings().stream().map(RuleFinding::ruleId).distinct().toList();
        for (Scenario.Expectation e : s.fired()) {
            List<RuleFinding> hits = ev.findings().stream().filter(f -> f.ruleId().equals(e.ruleId())).toList();
            if (hits.isEmpty()) {
                reasons.add("expected " + e.ruleId() + " to fire, but it did not (fired: "
                    + (firedIds.isEmpty() ? "none" : String.join(", ", firedIds)) + ")");
                continue;
            }
            if (e.severity() != null && hits.stream().noneMatch(f -> f.severity().name().equalsIgnoreCase(e.severity()))) {
                reasons.add("expected " + e.ruleId() + " with severity " + e.severity() + ", got "
                    + hits.stream().map(f -> f.severity().indicator()).distinct().toList());
            }
            if (e.action() != null && hits.stream().noneMatch(f -> f.action() != null
                && f.action().kind().name().equalsIgnoreCase(e.action()))) {
                reasons.add("expected " + e.ruleId() + " to suggest " + e.action() + ", got "
                    + hits.stream().map(f -> f.action() == null ? "no action" : f.action().kind().name()).distinct()
                    .toList());
            }
        }
        for (String id : s.notFired()) {
            ev.findings().stream().filter(f -> f.ruleId().equals(id)).findFirst().ifPresent(f -> reasons.add(
                "expected " + id + " not to fire, but it did: \"" + f.summary() + "\" on " + f.triggeredBy()));
        }
        for (RuleFinding f : ev.findings()) {
            for (String lang : languages.getOrDefault(f.guidelineId(), List.of())) {
                if (!Messages.EN.equals(Messages.canonical(lang)) && !f.translations().containsKey(Messages.canonical(lang))) {
                    reasons.add(MessageErrors.MESSAGE_LANGUAGE_MISSING.code() + ": " + f.ruleId()
                        + " fired without a " + Messages.canonical(lang) + " text (its package declares " + lang
                        + "): \"" + f.summary() + "\"");
                }
            }
        }
        if (s.silent() && !ev.findings().isEmpty()) {
            reasons.add("expected silence, but fired: " + String.join(", ", firedIds));
        }
        return new ScenarioResult(s.packageId(), s.file(), s.name(), reasons.isEmpty(), reasons, firedIds);
    }

    private static LoadedPackage readPackage(Path dir, List<String> problems) {
        String pkg = name(dir);
        Path metaFile = dir.resolve(METADATA_FILE);
        PackageMetadata m;
        String metaText = "";
        try {
            metaText = Files.readString(metaFile, StandardCharsets.UTF_8);
            m = YAML.readValue(metaText, PackageMetadata.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
                // records are buffered, so Jackson reports the end of the document; find the key ourselves
                List<String> lines = metaText.lines().toList();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).matches("^\\s*-?\\s*" + java.util.regex.Pattern.quote(u.getPropertyName())
                        + "\\s*:.*")) {
                        line = i + 1;
                        break;
                    }
                }
            }
            problems.add(pkg + "/" + METADATA_FILE + (line > 0 ? ":" + line : "") + ": "
                + e.getOriginalMessage().lines().findFirst().orElse("invalid YAML"));
            return null;
        } catch (IOException e) {
            problems.add(pkg + "/" + METADATA_FILE + ": cannot read: " + e.getMessage());
            return null;
        }
        int before = problems.size();
        String where = pkg + "/" + METADATA_FILE;
        if (blank(m.id())) {
            problems.add(where + ": missing 'id'");
        }
        if (blank(m.title())) {
            problems.add(where + ": missing 'title'");
        }
        if (blank(m.version())) {
            problems.add(where + ": missing 'version'");
        }
        if (m.source() == null || blank(m.source().citation())) {
            problems.add(where + ": missing 'source.citation'");
        }
        if (blank(m.effectiveDate())) {
            problems.add(where + ": missing 'effectiveDate'");
        }
        if (blank(m.owner())) {
            problems.add(where + ": missing 'owner'");
        }
        if (blank(m.reviewStatus()) || !PackageMetadata.REVIEW_STATUSES.contains(m.reviewStatus())) {
            problems.add(where + ": 'reviewStatus' must be one of " + PackageMetadata.REVIEW_STATUSES);
        }
        Set<String> seen = new HashSet<>();
        for (PackageMetadata.RuleEntry r : m.rules()) {
            if (blank(r.id())) {
                problems.add(where + ": a rule entry has no 'id'");
            } else if (!seen.add(r.id())) {
                problems.add(where + ": rule id " + r.id() + " is listed twice");
            }
            if (blank(r.citation()) && (m.source() == null || blank(m.source().citation()))) {
                problems.add(where + ": rule " + r.id() + " has no citation");
            }
            if (!blank(r.reviewDate())) {
                try {
                    java.time.LocalDate.parse(r.reviewDate());
                } catch (java.time.format.DateTimeParseException e) {
                    problems.add(where + ": rule " + r.id() + ": reviewDate '" + r.reviewDate()
                        + "' is not a date (write YYYY-MM-DD)");
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        List<RuleSource> sources = new ArrayList<>();
        List<Object> tables = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        List<ExcerptParser.Parsed> excerpts = new ArrayList<>();
        try {
            Path excerptFile = dir.resolve(ExcerptParser.FILE);
            if (Files.exists(excerptFile)) {
                excerpts.addAll(ExcerptParser.parse(m.id(), pkg + "/" + ExcerptParser.FILE,
                    Files.readString(excerptFile, StandardCharsets.UTF_8), problems));
            }
            for (Path f : files(dir.resolve("rules"), ".drl")) {
                sources.add(new RuleSource(m.id(), pkg + "/rules/" + name(f), Files.readString(f)));
            }
            for (Path f : files(dir.resolve("tables"), ".csv")) {
                tables.addAll(table(pkg + "/tables/" + name(f), Files.readString(f)));
            }
            for (Path f : files(dir.resolve("scenarios"), ".yaml", ".yml")) {
                try {
                    scenarios.addAll(ScenarioParser.parse(m.id(), pkg + "/scenarios/" + name(f), Files.readString(f)));
                } catch (DxGuardException e) {
                    problems.add(e.reason());
                }
            }
        } catch (IOException e) {
            throw new DxGuardException(GuidelineErrors.IO, pkg + ": cannot read: " + e.getMessage(), e);
        } catch (DxGuardException e) {
            problems.add(e.reason());
        }
        if (sources.isEmpty() && (!m.rules().isEmpty() || !Files.exists(dir.resolve(ExcerptParser.FILE)))) {
            problems.add(pkg + "/rules: no .drl file (only a package of guideline excerpts may have no rules)");
        }
        Messages messages = MessageChecks.load(pkg, dir.resolve(MESSAGES_FILE), m, sources, problems);
        ExcerptParser.checkLanguages(pkg + "/" + ExcerptParser.FILE, excerpts, m.languages(), problems);
        return new LoadedPackage(m, dir, sources, tables, scenarios, List.copyOf(excerpts), messages);
    }

    /** Reads a reference table: pair tables have columns id,left,right; value tables key,qualifier,value. */
    static List<Object> table(String path, String text) {
        String tableName = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.csv$", "");
        List<Terminology.Row> rows = Terminology.readCsv(path, text);
        List<Object> out = new ArrayList<>();
        for (Terminology.Row r : rows) {
            if (r.values().containsKey("left")) {
                out.add(new PairRow(tableName, r.req("id"), r.req("left"), r.req("right"), r.opt("severity"),
                    r.opt("note")));
            } else {
                out.add(new TableRow(tableName, r.req("key"), r.opt("qualifier"), r.num("value", Double.NaN),
                    r.opt("note"), r.opt("source")));
                if (Double.isNaN(((TableRow) out.get(out.size() - 1)).value())) {
                    throw r.error("column 'value' is empty");
                }
            }
        }
        return out;
    }

    static Map<String, String> readTerminology(Path dir) {
        Map<String, String> texts = new LinkedHashMap<>();
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(Loader::name).filter(Terminology::isTableFile).sorted().toList();
        } catch (IOException e) {
            throw new DxGuardException(GuidelineErrors.IO, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<String> all = new java.util.ArrayList<>(names);
        for (String f : Terminology.NAME_FILES_ZH) {
            if (Files.isRegularFile(dir.resolve(f))) {
                all.add(f); // the Chinese names shown on cards (issue 20); optional
            }
        }
        for (String f : all) {
            Path p = dir.resolve(f);
            try {
                texts.put(f, Files.readString(p));
            } catch (IOException e) {
                throw new DxGuardException(GuidelineErrors.IO, "cannot read " + p + ": " + e.getMessage(), e);
            }
        }
        return texts;
    }

    private static List<Path> files(Path dir, String... exts) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = name(p);
                for (String e : exts) {
                    if (n.endsWith(e)) {
                        return true;
                    }
                }
                return false;
            }).sorted((a, b) -> name(a).compareTo(name(b))).toList();
        }
    }

    static String name(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The packaged terminology directory (classpath {@code guidelines/terminology}). */
    static Path packagedTerminology() {
        return packagedRoot().resolve(TERMINOLOGY_DIR);
    }

    /** The packaged guideline root: a directory, or a directory inside the jar's file system. */
    public static Path packagedRoot() {
        try {
            return ClasspathDirectory.find(Loader.class.getClassLoader(), CLASSPATH_ROOT, TERMINOLOGY_DIR + "/drugs.csv")
                .orElseThrow(() -> new DxGuardException(GuidelineErrors.IO,
                    "packaged guidelines are missing from the classpath (" + CLASSPATH_ROOT + "/)"));
        } catch (IOException e) {
            throw new DxGuardException(GuidelineErrors.IO, "cannot open packaged guidelines: " + e.getMessage(), e);
        }
    }
}
