package org.dxguard.guidelines.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dxguard.guidelines.internal.Loader;
import org.dxguard.model.Allergy;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.dxguard.rules.CompiledRuleSet;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.rules.RuleSetCompiler;
import org.dxguard.rules.RuleSetDefinition;
import org.dxguard.rules.RuleSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule evaluation latency for one request (40 active medications, 200 observations, 3 draft orders) against the
 * packaged default guidelines, and rule-set compile/reload times. Run (see docs/BENCHMARKS.md):
 * <pre>
 * ./mvnw -q -pl guideline-loader -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
 * java -cp guideline-loader/target/test-classes:guideline-loader/target/classes:$(cat guideline-loader/target/bench-cp.txt) \
 *     org.openjdk.jmh.Main RuleEvaluationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class RuleEvaluationBenchmark {
    private CompiledRuleSet ruleSet;
    private Loader.Outcome outcome;
    private PatientFacts patient;
    private int nonce;

    @Setup
    public void setup() {
        outcome = Loader.load(Loader.packagedRoot(), false);
        if (outcome.ruleSet() == null) {
            throw new IllegalStateException("packaged guidelines do not load: " + outcome.problems());
        }
        ruleSet = outcome.ruleSet();
        patient = patient();
        RuleEvaluation ev = ruleSet.evaluate(patient);
        System.out.println("# benchmark patient: " + ev.findings().size() + " findings, " + ev.fired().size()
            + " activations: " + ev.findings().stream().map(f -> f.ruleId()).toList());
    }

    /** One request: fact normalisation + one stateless session per package + findings. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 5, time = 5)
    public RuleEvaluation evaluate() {
        return ruleSet.evaluate(patient);
    }

    /** Compiling all packages from scratch (every DRL changed, nothing cached). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public CompiledRuleSet compileAllPackages() {
        return RuleSetCompiler.compile(changedDefinition(null));
    }

    /** Recompiling after an edit to one package's DRL (the ONC package, 15 rules); others come from the cache. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public CompiledRuleSet recompileOnePackage() {
        return RuleSetCompiler.compile(changedDefinition("onc-ddi"));
    }

    /** A full reload of the directory (read, compile from cache, check, run all scenarios) with no DRL change. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public Loader.Outcome reloadWithScenarios() {
        return Loader.load(Loader.packagedRoot(), true);
    }

    /** The packaged definition with a fresh comment appended to the DRL of {@code onlyPackage} (all when null). */
    private RuleSetDefinition changedDefinition(String onlyPackage) {
        int n = ++nonce;
        RuleSetDefinition d = ruleSet.definition();
        List<RuleSource> sources = new ArrayList<>();
        for (RuleSource s : d.sources()) {
            boolean change = onlyPackage == null || s.guidelineId().equals(onlyPackage);
            sources.add(change ? new RuleSource(s.guidelineId(), s.path(), s.text() + "\n// bench " + n + " "
                + System.nanoTime() + "\n") : s);
        }
        return new RuleSetDefinition(sources, d.tableFacts(), d.terminology(), d.catalog(), d.versionLabel(),
            d.messages());
    }

    /** 40 active medications, 200 observations, 3 draft orders, 8 conditions, 2 allergies. */
    static PatientFacts patient() {
        Instant asOf = Instant.parse("2025-06-01T12:00:00Z");
        PatientFacts.Builder b = PatientFacts.builder().patientRef("bench").ageYears(68).sex(Sex.MALE).weightKg(92.0)
            .asOf(asOf);
        String[] conds = {"44054006", "59621000", "127013003", "433144002", "88805009", "15777000", "7200002",
            "55822004"};
        for (int i = 0; i < conds.length; i++) {
            b.condition(new Condition("cond-" + i, List.of(Code.snomed(conds[i])), null, true, null));
        }
        String[] meds = {"860975", "314076", "979492", "855332", "309362", "197604", "313988", "310798", "866412",
            "200033", "617311", "859751", "243670", "313096", "898687", "349201", "866924", "197379", "854905",
            "896758", "856578", "751623", "282755", "200095", "312749", "198189", "904475", "861650", "198211",
            "1656356", "905377", "1649485", "308136", "979480", "858813", "197884", "860510", "866436", "212033",
            "865098"};
        for (int i = 0; i < meds.length; i++) {
            b.activeMedication(new Medication("med-" + i, List.of(Code.rxnorm(meds[i])), null,
                new Dose(1, "tablet", DoseFrequency.ONCE_DAILY, "oral"), MedicationStatus.ACTIVE, asOf));
        }
        String[][] obs = {{"33914-3", "mL/min/{1.73_m2}", "52"}, {"4548-4", "%", "7.4"}, {"2339-0", "mg/dL", "140"},
            {"2160-0", "mg/dL", "1.3"}, {"6298-4", "mmol/L", "4.6"}, {"14959-1", "mg/g", "45"},
            {"8480-6", "mm[Hg]", "138"}, {"8462-4", "mm[Hg]", "84"}, {"29463-7", "kg", "92"}, {"39156-5", "kg/m2", "31"}};
        for (int i = 0; i < 200; i++) {
            String[] o = obs[i % obs.length];
            double v = Double.parseDouble(o[2]) * (0.95 + (i % 7) * 0.02);
            b.observation(new Observation("obs-" + i, List.of(Code.loinc(o[0])), v, o[1], null, null,
                asOf.minus(Duration.ofDays(3L + i * 9L))));
        }
        b.allergy(new Allergy("alg-1", List.of(Code.rxnorm("7984")), null, true, false));
        b.allergy(new Allergy("alg-2", List.of(Code.snomed("91936005")), null, true, true));
        b.draftOrder(new Medication("draft-1", List.of(Code.rxnorm("860975")), null,
            new Dose(2, "tablet", DoseFrequency.TWICE_DAILY, "oral"), MedicationStatus.DRAFT, asOf));
        b.draftOrder(new Medication("draft-2", List.of(Code.rxnorm("274783")), null,
            new Dose(30, "units", DoseFrequency.ONCE_DAILY, "subcutaneous"), MedicationStatus.DRAFT, asOf));
        b.draftOrder(new Medication("draft-3", List.of(Code.rxnorm("197517")), null,
            new Dose(1, "tablet", DoseFrequency.TWICE_DAILY, "oral"), MedicationStatus.DRAFT, asOf));
        return b.build();
    }
}
