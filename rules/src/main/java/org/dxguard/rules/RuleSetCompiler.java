package org.dxguard.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.dxguard.rules.internal.DrlScanner;
import org.dxguard.rules.internal.RuleBase;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a {@link RuleSetDefinition} in memory with the Drools executable model and checks it: every rule has
 * {@code @ruleId} and {@code @version}, ids are unique and listed in the catalog (with a citation), and no
 * consequence modifies working memory. Problems are reported all at once, each with file and line.
 */
public final class RuleSetCompiler {
    private static final Logger LOG = LoggerFactory.getLogger(RuleSetCompiler.class);
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final String RESOURCE_ROOT = "src/main/resources/";

    private RuleSetCompiler() {}

    /** The global through which guideline rules report findings ({@link CompiledRuleSet#GLOBAL}). */
    public static final String GUIDELINE_GLOBAL = "org.dxguard.rules.facts.Alerts alert";

    /**
     * @throws RuleCompilationException with every problem when the DRL does not compile or breaks a check
     */
    public static CompiledRuleSet compile(RuleSetDefinition def) {
        long t0 = System.nanoTime();
        RuleBase compiled = compileRuleBase(def, GUIDELINE_GLOBAL);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String version = def.versionLabel() + "#" + hash(def);
        LOG.info("rule set {} ready ({} rules, {} of {} packages compiled, rest cached) in {} ms", version,
            compiled.rules().size(), compiled.compiledPackages(), compiled.bases().size(), took.toMillis());
        return new CompiledRuleSet(compiled.bases(), def, compiled.rules(), version, took);
    }

    /**
     * The one Drools pipeline of dxguard, for the guideline rules ({@link #compile}) and the veto's rule base:
     * executable model, package by package (in parallel, cached by content); every rule with {@code @ruleId} and
     * {@code @version}, unique, listed in the catalog with a citation; no consequence modifies working memory; each
     * DRL with rules declares {@code global <reportingGlobal>;} (type and name, e.g. {@link #GUIDELINE_GLOBAL}).
     *
     * @throws RuleCompilationException with every problem, each with file and line
     */
    public static RuleBase compileRuleBase(RuleSetDefinition def, String reportingGlobal) {
        List<CompileProblem> problems = new ArrayList<>(precheck(def, reportingGlobal));
        if (!problems.isEmpty()) {
            throw new RuleCompilationException(RuleErrors.COMPILE_FAILED, problems);
        }
        Map<String, List<RuleSource>> byGuideline = new LinkedHashMap<>();
        for (RuleSource s : def.sources()) {
            byGuideline.computeIfAbsent(s.guidelineId(), k -> new ArrayList<>()).add(s);
        }
        // packages compile independently (and in parallel); unchanged ones come from the cache
        List<List<RuleSource>> groups = new ArrayList<>(byGuideline.values());
        List<String> keys = groups.stream().map(RuleSetCompiler::hashSources).toList();
        List<java.util.concurrent.CompletableFuture<KieBase>> futures = new ArrayList<>();
        List<List<CompileProblem>> groupProblems = new ArrayList<>();
        int compiled = 0;
        for (int i = 0; i < groups.size(); i++) {
            KieBase cached = CACHE.get(keys.get(i));
            List<CompileProblem> gp = new ArrayList<>();
            groupProblems.add(gp);
            if (cached != null) {
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(cached));
            } else {
                List<RuleSource> group = groups.get(i);
                compiled++;
                futures.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> build(group, gp), COMPILER));
            }
        }
        List<KieBase> bases = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            KieBase base = futures.get(i).join();
            problems.addAll(groupProblems.get(i));
            if (base != null) {
                CACHE.put(keys.get(i), base);
                bases.add(base);
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleCompilationException(RuleErrors.COMPILE_FAILED, problems);
        }

        List<RuleInfo> infos = new ArrayList<>();
        Map<String, RuleInfo> byId = new HashMap<>();
        Map<String, List<DrlScanner.Decl>> declsByPackage = new HashMap<>();
        Map<String, String> fileByDecl = new HashMap<>();
        for (RuleSource s : def.sources()) {
            String pkg = DrlScanner.packageName(s.text());
            for (DrlScanner.Decl d : DrlScanner.rules(s.text())) {
                declsByPackage.computeIfAbsent(pkg, k -> new ArrayList<>()).add(d);
                fileByDecl.put(pkg + "|" + d.name(), s.path());
            }
        }
        List<CompileProblem> meta = new ArrayList<>();
        for (KieBase base : bases) {
            for (KiePackage p : base.getKiePackages()) {
                for (Rule r : p.getRules()) {
                    String file = fileByDecl.getOrDefault(p.getName() + "|" + r.getName(), "");
                    int line = declsByPackage.getOrDefault(p.getName(), List.of()).stream()
                        .filter(d -> d.name().equals(r.getName())).mapToInt(DrlScanner.Decl::line).findFirst()
                        .orElse(0);
                    String id = unquote(r.getMetaData().get("ruleId"));
                    String version = unquote(r.getMetaData().get("version"));
                    if (id == null || id.isBlank()) {
                        meta.add(new CompileProblem(file, line, r.getName(), "missing @ruleId(\"...\") annotation"));
                        continue;
                    }
                    if (version == null || version.isBlank()) {
                        meta.add(new CompileProblem(file, line, id, "missing @version(\"...\") annotation"));
                    }
                    RuleInfo info = new RuleInfo(id, version == null ? "" : version, r.getName(), file, line);
                    RuleInfo prev = byId.putIfAbsent(id, info);
                    if (prev != null) {
                        meta.add(new CompileProblem(file, line, id, "rule id is not unique: also used by '"
                            + prev.name() + "' at " + prev.file() + ":" + prev.line()));
                        continue;
                    }
                    RuleMeta rm = def.catalog().get(id);
                    if (rm == null) {
                        meta.add(new CompileProblem(file, line, id,
                            "rule id is not listed in the package metadata (package.yaml 'rules:') with its citation"));
                    } else if (rm.citation() == null || rm.citation().isBlank()) {
                        meta.add(new CompileProblem(file, line, id, "rule has no citation in the package metadata"));
                    }
                    infos.add(info);
                }
            }
        }
        for (RuleMeta rm : def.catalog().values()) {
            if (!byId.containsKey(rm.ruleId())) {
                meta.add(new CompileProblem(rm.guidelineId() + "/package.yaml", 0, rm.ruleId(),
                    "listed in the package metadata but no DRL rule carries @ruleId(\"" + rm.ruleId() + "\")"));
            }
        }
        if (!meta.isEmpty()) {
            throw new RuleCompilationException(RuleErrors.RULE_METADATA, meta);
        }
        return new RuleBase(bases, infos, compiled);
    }

    /** Compiles one package's DRL files into a KieBase; adds problems and returns null when it fails. */
    private static KieBase build(List<RuleSource> group, List<CompileProblem> problems) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId rid = ks.newReleaseId("org.dxguard.rules.generated", "ruleset", "1.0." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(rid);
        Map<String, RuleSource> byKiePath = new HashMap<>();
        int n = 0;
        for (RuleSource s : group) {
            // folder = DRL package (Drools advises it); file name keeps the author's name for messages
            String pkgDir = DrlScanner.packageName(s.text()).replace('.', '/');
            String fileName = s.path().substring(s.path().lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_.-]", "_");
            String kiePath = RESOURCE_ROOT + (pkgDir.isEmpty() ? "default" : pkgDir) + "/" + (n++) + "_" + fileName;
            if (!kiePath.endsWith(".drl")) {
                kiePath += ".drl";
            }
            byKiePath.put(kiePath.substring(RESOURCE_ROOT.length()), s);
            kfs.write(kiePath, s.text());
        }
        KieBuilder kb = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        List<Message> errors = kb.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            List<CompileProblem> found = errors.stream().map(m -> locate(m, byKiePath, group)).toList();
            // a syntax error also yields "Parser returned a null Package" for the same file: keep the real one
            for (CompileProblem p : found) {
                boolean redundant = p.message().contains("Parser returned a null Package")
                    && found.stream().anyMatch(o -> o != p && o.file().equals(p.file()));
                if (!redundant) {
                    problems.add(p);
                }
            }
            ks.getRepository().removeKieModule(rid);
            return null;
        }
        KieContainer container = ks.newKieContainer(rid);
        KieBase base = container.getKieBase();
        ks.getRepository().removeKieModule(rid);
        return base;
    }

    /** Compiles packages in parallel on daemon threads (at most the number of processors). */
    private static final java.util.concurrent.ExecutorService COMPILER = java.util.concurrent.Executors.newFixedThreadPool(
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), r -> {
            Thread t = new Thread(r, "dxguard-rules-compiler");
            t.setDaemon(true);
            return t;
        });

    /** Compiled KieBases by the hash of their package's DRL files (only DRL goes into a KieBase). */
    private static final Map<String, KieBase> CACHE = java.util.Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, KieBase> eldest) {
                return size() > 32;
            }
        });

    private static String hashSources(List<RuleSource> group) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (RuleSource s : group) {
                md.update(s.path().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(s.text().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CompileProblem> precheck(RuleSetDefinition def, String reportingGlobal) {
        String[] global = reportingGlobal.strip().split("\\s+");
        java.util.regex.Pattern declared = java.util.regex.Pattern.compile("global\\s+"
            + java.util.regex.Pattern.quote(global[0]) + "\\s+" + java.util.regex.Pattern.quote(global[1]) + "\\s*;?");
        List<CompileProblem> out = new ArrayList<>();
        for (RuleSource s : def.sources()) {
            if (!DrlScanner.rules(s.text()).isEmpty() && !declared.matcher(s.text()).find()) {
                out.add(new CompileProblem(s.path(), 1, "",
                    "declare 'global " + global[0] + " " + global[1] + ";' so rules can report findings"));
            }
            for (DrlScanner.Decl d : DrlScanner.rules(s.text())) {
                int line = DrlScanner.mutationLine(d);
                if (line > 0) {
                    out.add(new CompileProblem(s.path(), line, d.ruleId() == null ? d.name() : d.ruleId(),
                        "rules must not insert/update/modify/delete facts (" + RuleErrors.RULE_MUTATES.code()
                            + "); report through alert.critical/warning/info only"));
                }
            }
        }
        return out;
    }

    private static CompileProblem locate(Message m, Map<String, RuleSource> byKiePath, List<RuleSource> sources) {
        RuleSource src = m.getPath() == null ? null : byKiePath.get(m.getPath());
        if (src == null && m.getPath() != null) {
            src = byKiePath.entrySet().stream().filter(e -> m.getPath().endsWith(e.getKey())
                || e.getKey().endsWith(m.getPath())).map(Map.Entry::getValue).findFirst().orElse(null);
        }
        String text = m.getText() == null ? "" : m.getText();
        int line = m.getLine();
        if (src == null) {
            // executable-model errors sometimes name no file: find the fragment in any source
            String fragment = fragment(text);
            for (RuleSource s : sources) {
                int l = DrlScanner.lineOfFragment(s.text(), fragment);
                if (l > 0) {
                    src = s;
                    line = l;
                    break;
                }
            }
        }
        if (src == null) {
            return new CompileProblem("", 0, "", text);
        }
        if (line <= 0) {
            line = DrlScanner.lineOfFragment(src.text(), fragment(text));
        }
        DrlScanner.Decl d = DrlScanner.enclosing(DrlScanner.rules(src.text()), line);
        String rule = d == null ? "" : d.ruleId() != null ? d.ruleId() : d.name();
        return new CompileProblem(src.path(), Math.max(line, 0), rule, text);
    }

    /** The part of a message after the last ": " (Drools puts the offending expression there). */
    private static String fragment(String text) {
        String t = text.strip();
        int i = t.lastIndexOf(": ");
        return i < 0 ? t : t.substring(i + 2).strip();
    }

    static String unquote(Object o) {
        if (o == null) {
            return null;
        }
        String s = o.toString().strip();
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static String hash(RuleSetDefinition def) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (RuleSource s : def.sources()) {
                md.update(s.path().getBytes(StandardCharsets.UTF_8));
                md.update(s.text().getBytes(StandardCharsets.UTF_8));
            }
            for (Object f : def.tableFacts()) {
                md.update(f.toString().getBytes(StandardCharsets.UTF_8));
            }
            def.catalog().values().stream().map(Object::toString).sorted()
                .forEach(x -> md.update(x.getBytes(StandardCharsets.UTF_8)));
            md.update(def.messages().fingerprint().getBytes(StandardCharsets.UTF_8));
            // the value sets decide too (a code added to conditions.csv changes which cards fire): issue 15
            md.update(def.terminology().fingerprint().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
