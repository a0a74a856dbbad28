package org.dxguard.guidelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dxguard.guidelines.internal.Loader;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.model.PatientFacts;
import org.dxguard.rules.CompiledRuleSet;
import org.dxguard.rules.GuidelineEngine;
import org.dxguard.rules.RuleEvaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of guideline-loader: loads guideline packages (packaged defaults or a directory), compiles them,
 * checks metadata and scenario coverage, runs every scenario, and only then activates the rule set. With
 * {@code watch}, a background thread polls the directory and reloads on change; a reload that fails anything is
 * rejected with a precise error and the previous rule set keeps serving (atomic swap).
 */
public final class GuidelineRepository implements AutoCloseable {
    /** Environment variable naming the guideline directory when no --guidelines option is given. */
    public static final String ENV = "DXGUARD_GUIDELINES";
    /** How often a watched directory is checked for changes. */
    public static final long POLL_MILLIS = 300;

    private static final Logger LOG = LoggerFactory.getLogger(GuidelineRepository.class);

    private record Active(CompiledRuleSet ruleSet, Loader.Outcome outcome) {}

    private final Path root;
    private final AtomicReference<Active> active = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final GuidelineEngine engine = new GuidelineEngine() {
        @Override
        public RuleEvaluation evaluate(PatientFacts facts) {
            return active.get().ruleSet().evaluate(facts);
        }

        @Override
        public RuleEvaluation evaluate(PatientFacts facts, java.util.Locale locale) {
            return active.get().ruleSet().evaluate(facts, locale);
        }

        @Override
        public String rulesetVersion() {
            return active.get().ruleSet().rulesetVersion();
        }
    };
    private final List<Consumer<Boolean>> reloadListeners = new CopyOnWriteArrayList<>();
    private volatile Thread watcher;
    private volatile boolean closed;

    private GuidelineRepository(Path root) {
        this.root = root;
    }

    /** The default packages shipped in the jar under {@code guidelines/}. */
    public static GuidelineRepository packagedDefaults() {
        GuidelineRepository r = new GuidelineRepository(Loader.packagedRoot());
        r.initialLoad();
        return r;
    }

    /**
     * Packages from {@code dir}; with {@code watch} the directory is polled every {@value #POLL_MILLIS} ms and
     * reloaded on change.
     *
     * @throws DxGuardException when the initial load fails (nothing to serve yet)
     */
    public static GuidelineRepository fromDirectory(Path dir, boolean watch) {
        GuidelineRepository r = new GuidelineRepository(dir.toAbsolutePath().normalize());
        // fingerprint before loading, so that an edit made while (or right after) loading is not missed
        String before = watch ? r.fingerprint() : "";
        r.initialLoad();
        if (watch) {
            r.startWatching(before);
        }
        return r;
    }

    /**
     * {@code dir} when given, else the packaged defaults. (The command line maps {@value #ENV} to its
     * {@code --guidelines} option; this library never reads the process environment.)
     */
    public static GuidelineRepository resolve(Path dirOrNull, boolean watch) {
        return dirOrNull != null ? fromDirectory(dirOrNull, watch) : packagedDefaults();
    }

    /** Always the currently active, validated rule set; safe to keep (it follows reloads). */
    public GuidelineEngine engine() {
        return engine;
    }

    /** The active compiled rule set (rules with ids, versions, files). */
    public CompiledRuleSet activeRuleSet() {
        return active.get().ruleSet();
    }

    /**
     * The guideline excerpts of the active packages ({@code <package>/excerpts.yaml}): what the reasoner may give a
     * model and what an explanation may cite. Follows reloads; the list is immutable.
     */
    public List<GuidelineExcerpt> excerpts() {
        return active.get().outcome().excerpts();
    }

    public List<PackageStatus> packages() {
        Active a = active.get();
        String err = lastError.get();
        List<PackageStatus> out = new ArrayList<>();
        for (Loader.LoadedPackage p : a.outcome().packages()) {
            var results = a.outcome().scenarioResults().stream()
                .filter(s -> s.packageId().equals(p.metadata().id())).toList();
            int rules = (int) a.ruleSet().rules().stream()
                .filter(r -> a.ruleSet().meta(r.ruleId()).map(m -> m.guidelineId().equals(p.metadata().id()))
                    .orElse(false)).count();
            out.add(new PackageStatus(p.metadata().id(), p.metadata().version(), p.metadata().title(),
                p.metadata().reviewStatus(), rules, (int) results.stream().filter(ScenarioResult::passed).count(),
                (int) results.stream().filter(s -> !s.passed()).count(),
                results.stream().filter(s -> !s.passed()).map(ScenarioResult::label).toList(), err));
        }
        return out;
    }

    /** The error of the last rejected reload; empty once a later reload succeeded. */
    public Optional<String> lastReloadError() {
        return Optional.ofNullable(lastError.get());
    }

    /**
     * Calls {@code listener} after every reload with {@code true} when the new rule set was activated and
     * {@code false} when it was rejected (not for the initial load). A listener that throws is logged and kept.
     * Close the returned handle to stop listening.
     */
    public AutoCloseable onReload(Consumer<Boolean> listener) {
        reloadListeners.add(listener);
        return () -> reloadListeners.remove(listener);
    }

    private void reloaded(boolean ok) {
        for (Consumer<Boolean> l : reloadListeners) {
            try {
                l.accept(ok);
            } catch (RuntimeException e) {
                LOG.warn("guideline reload listener failed: {}", e.toString());
            }
        }
    }

    /**
     * Reloads now. Returns true when the new rule set was activated; false when it was rejected (see
     * {@link #lastReloadError()}), in which case the previous rule set keeps serving.
     */
    public synchronized boolean reload() {
        long t0 = System.nanoTime();
        Loader.Outcome o;
        try {
            o = Loader.load(root, true);
        } catch (DxGuardException e) {
            reject(e.getMessage());
            reloaded(false);
            return false;
        }
        if (!o.ok()) {
            reject(describe(o));
            reloaded(false);
            return false;
        }
        active.set(new Active(o.ruleSet(), o));
        lastError.set(null);
        LOG.info("activated guideline rule set {} in {} ms", o.ruleSet().rulesetVersion(),
            (System.nanoTime() - t0) / 1_000_000);
        reloaded(true);
        return true;
    }

    private void initialLoad() {
        Loader.Outcome o = Loader.load(root, true);
        if (!o.ok()) {
            throw new DxGuardException(o.problems().isEmpty() ? GuidelineErrors.SCENARIO_FAILED
                : GuidelineErrors.PACKAGE_INVALID, "guidelines at " + root + " rejected: " + describe(o));
        }
        active.set(new Active(o.ruleSet(), o));
    }

    private void reject(String why) {
        lastError.set(why);
        LOG.warn("guideline reload rejected; previous rule set {} keeps serving: {}",
            active.get().ruleSet().rulesetVersion(), why);
    }

    /** A readable multi-line description of everything wrong with an outcome. */
    static String describe(Loader.Outcome o) {
        StringBuilder b = new StringBuilder();
        o.problems().forEach(p -> b.append("\n  ").append(p));
        o.scenarioResults().stream().filter(s -> !s.passed()).forEach(s ->
            b.append("\n  scenario FAILED ").append(s.label()).append(": ").append(String.join("; ", s.reasons())));
        return b.toString().strip();
    }

    private void startWatching(String initialFingerprint) {
        Thread t = new Thread(() -> poll(initialFingerprint), "dxguard-guidelines-watch");
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    private void poll(String initialFingerprint) {
        String last = initialFingerprint;
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
                String now = fingerprint();
                if (!now.equals(last)) {
                    // wait one more poll so that an editor's multi-step save settles
                    Thread.sleep(POLL_MILLIS / 2);
                    last = fingerprint();
                    reload();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("guideline watcher: {}", e.toString());
            }
        }
    }

    /** Paths and content checksums of every file under the root (guideline folders are small). */
    private String fingerprint() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).sorted().forEach(p -> {
                try {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(Files.readAllBytes(p));
                    b.append(p).append(':').append(crc.getValue()).append('\n');
                } catch (IOException e) {
                    b.append(p).append(":?\n");
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            b.append("unreadable");
        }
        return b.toString();
    }

    @Override
    public void close() {
        closed = true;
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
