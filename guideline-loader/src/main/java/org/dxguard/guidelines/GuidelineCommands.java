package org.dxguard.guidelines;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dxguard.guidelines.internal.ExcerptParser;
import org.dxguard.guidelines.internal.Loader;
import org.dxguard.model.DxGuardException;

/**
 * The author commands behind {@code dxguard guidelines validate|test|export}. Exit codes: 0 ok, 1 problems found
 * (compile errors, metadata, coverage, failing scenarios), 2 usage or I/O error.
 */
public final class GuidelineCommands {
    public static final int OK = 0;
    public static final int PROBLEMS = 1;
    public static final int USAGE = 2;

    private GuidelineCommands() {}

    /** Compiles every package and checks metadata and scenario coverage (without running scenarios). */
    public static int validate(Path dir, PrintStream out) {
        return validate(dir, out, Clock.systemUTC());
    }

    /**
     * As {@link #validate(Path, PrintStream)}, with the clock that dates the review warnings: a rule without a
     * reviewer or review date, or whose review is more than {@link PackageMetadata#REVIEW_MAX_AGE_DAYS} days old at
     * the clock's date, gets a {@code WARNING} line (warnings do not change the exit code).
     */
    public static int validate(Path dir, PrintStream out, Clock clock) {
        Loader.Outcome o;
        try {
            o = Loader.load(dir, false);
        } catch (DxGuardException e) {
            out.println("ERROR " + e.getMessage());
            return USAGE;
        }
        printPackages(o, out);
        List<String> warnings = reviewWarnings(o, LocalDate.now(clock));
        if (!warnings.isEmpty()) {
            out.println();
            out.println(warnings.size() + " warning(s):");
            warnings.forEach(w -> out.println("  WARNING " + w));
        }
        if (!o.problems().isEmpty()) {
            out.println();
            out.println(o.problems().size() + " problem(s):");
            o.problems().forEach(p -> out.println("  " + p));
            out.println("RESULT: INVALID");
            return PROBLEMS;
        }
        out.println("RESULT: VALID (" + o.ruleSet().rules().size() + " rules, " + scenarioCount(o) + " scenarios"
            + (o.excerpts().isEmpty() ? "" : ", " + o.excerpts().size() + " excerpts") + ")");
        return OK;
    }

    /** Validates, then runs every scenario and prints PASS/FAIL with the reason per scenario. */
    public static int test(Path dir, PrintStream out) {
        Loader.Outcome o;
        try {
            o = Loader.load(dir, true);
        } catch (DxGuardException e) {
            out.println("ERROR " + e.getMessage());
            return USAGE;
        }
        printPackages(o, out);
        if (o.ruleSet() == null && o.scenarioResults().isEmpty()) {
            out.println();
            out.println(o.problems().size() + " problem(s):");
            o.problems().forEach(p -> out.println("  " + p));
            out.println("RESULT: INVALID (scenarios not run)");
            return PROBLEMS;
        }
        out.println();
        long failed = 0;
        for (ScenarioResult r : o.scenarioResults()) {
            if (r.passed()) {
                out.println("PASS " + r.label());
            } else {
                failed++;
                out.println("FAIL " + r.label());
                r.reasons().forEach(x -> out.println("     - " + x));
            }
        }
        out.println();
        if (!o.problems().isEmpty()) {
            out.println(o.problems().size() + " problem(s):");
            o.problems().forEach(p -> out.println("  " + p));
        }
        int total = o.scenarioResults().size();
        out.println("RESULT: " + (total - failed) + " passed, " + failed + " failed, " + total + " total"
            + (o.problems().isEmpty() ? "" : "; " + o.problems().size() + " problem(s)"));
        return failed == 0 && o.problems().isEmpty() ? OK : PROBLEMS;
    }

    /** Copies the packaged default guidelines to {@code targetDir} (which must be empty or absent). */
    public static int export(Path targetDir, PrintStream out) {
        try {
            if (Files.exists(targetDir)) {
                try (Stream<Path> s = Files.list(targetDir)) {
                    if (s.findAny().isPresent()) {
                        out.println("ERROR " + targetDir + " is not empty; choose an empty or new directory");
                        return USAGE;
                    }
                }
            }
            Path src = Loader.packagedRoot();
            List<Path> files;
            try (Stream<Path> s = Files.walk(src)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                Path rel = Path.of(src.relativize(f).toString());
                Path dst = targetDir.resolve(rel);
                Files.createDirectories(dst.getParent());
                Files.copy(f, dst);
            }
            out.println("exported " + files.size() + " files to " + targetDir);
            out.println("next: edit, then run 'dxguard guidelines test " + targetDir + "'");
            return OK;
        } catch (IOException | DxGuardException e) {
            out.println("ERROR cannot export to " + targetDir + ": " + e.getMessage());
            return USAGE;
        }
    }

    private static void printPackages(Loader.Outcome o, PrintStream out) {
        for (Loader.LoadedPackage p : o.packages()) {
            PackageMetadata m = p.metadata();
            out.println("package " + m.id() + "@" + m.version() + " [" + m.reviewStatus() + "] "
                + m.rules().size() + " rules, " + p.scenarios().size() + " scenarios"
                + (p.excerpts().isEmpty() ? "" : ", " + p.excerpts().size() + " excerpts") + " - " + m.title());
            long review = p.excerpts().stream().filter(ExcerptParser.Parsed::needsClinicalReview).count();
            if (review > 0) {
                out.println("  " + review + " excerpt(s) marked needsClinicalReview");
            }
            long english = p.excerpts().stream().filter(x -> !x.excerpt().hasLanguage("zh")).count();
            if (!p.excerpts().isEmpty() && english > 0) {
                out.println("  " + english + " excerpt(s) in English only (no zh): Chinese questions cite them in English");
            }
        }
    }

    /**
     * One line per rule whose review is missing or older than a year at {@code today}:
     * {@code <package>/package.yaml: rule <id>: ...}. A malformed review date is a problem (Loader), not a warning.
     */
    static List<String> reviewWarnings(Loader.Outcome o, LocalDate today) {
        List<String> out = new ArrayList<>();
        for (Loader.LoadedPackage p : o.packages()) {
            String where = p.dir().getFileName() + "/" + Loader.METADATA_FILE;
            for (PackageMetadata.RuleEntry r : p.metadata().rules()) {
                if (r.reviewDate() == null || r.reviewDate().isBlank() || r.reviewer() == null || r.reviewer().isBlank()) {
                    out.add(where + ": rule " + r.id() + " has no reviewer and reviewDate: have a clinician review it");
                    continue;
                }
                LocalDate reviewed;
                try {
                    reviewed = LocalDate.parse(r.reviewDate());
                } catch (DateTimeParseException e) {
                    continue;
                }
                long days = ChronoUnit.DAYS.between(reviewed, today);
                if (days > PackageMetadata.REVIEW_MAX_AGE_DAYS) {
                    out.add(where + ": rule " + r.id() + " was last reviewed " + r.reviewDate() + " by " + r.reviewer()
                        + " (" + days + " days ago, more than a year): review it against the current source");
                }
            }
        }
        return out;
    }

    private static int scenarioCount(Loader.Outcome o) {
        return o.packages().stream().mapToInt(p -> p.scenarios().size()).sum();
    }
}
