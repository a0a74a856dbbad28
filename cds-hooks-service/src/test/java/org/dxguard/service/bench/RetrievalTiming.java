package org.dxguard.service.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.reasoner.retrieval.ExcerptRetriever;

/**
 * Measures guideline-excerpt retrieval as the reasoner does it per case (one query per candidate: name and
 * supporting evidence labels; 2 excerpts per query, 6 at most) over the packaged excerpts, with the real
 * all-MiniLM-L6-v2: model load, index build, and the time per case (5 candidates) over random cases.
 * A measurement tool for docs/BENCHMARKS.md, not a test:
 * {@code java -cp <test classpath> org.dxguard.service.bench.RetrievalTiming [cases]}.
 */
final class RetrievalTiming {
    private static final String[][] DISEASES = {
        {"Acute bronchitis", "Cough", "Sputum", "Fever"}, {"COVID-19", "Fever", "Cough", "Loss of taste"},
        {"Sinusitis", "Facial pain", "Nasal congestion"}, {"Acute viral pharyngitis", "Sore throat", "Fever"},
        {"Urinary tract infectious disease", "Dysuria", "Frequency of urination"},
        {"Appendicitis", "Abdominal pain", "Nausea", "Fever"}, {"Acute cholecystitis", "Abdominal pain", "Vomiting"},
        {"Chronic congestive heart failure", "Dyspnea", "Edema"}, {"Ischemic heart disease", "Chest pain"},
        {"Chronic obstructive lung disease", "Dyspnea", "Cough"}, {"Asthma", "Wheezing", "Dyspnea"},
        {"Chronic kidney disease", "eGFR below 60", "Albuminuria"}, {"Anemia", "Fatigue", "Pallor"},
        {"Idiopathic atrophic hypothyroidism", "Fatigue", "Weight gain"}, {"Gout", "Joint pain", "Joint swelling"},
        {"Obstructive sleep apnea syndrome", "Snoring", "Daytime sleepiness"},
        {"Non-small cell lung cancer", "Hemoptysis", "Weight loss"}, {"Rheumatoid arthritis", "Joint stiffness"},
        {"Osteoporosis", "Fracture"}, {"Seasonal allergic rhinitis", "Sneezing", "Rhinorrhea"},
        {"Diabetes mellitus type 2", "Polyuria", "Polydipsia"}, {"Primary fibromyalgia syndrome", "Widespread pain"}};

    private RetrievalTiming() {}

    public static void main(String[] args) {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (GuidelineRepository repo = GuidelineRepository.packagedDefaults()) {
            ExcerptRetriever retriever = ExcerptRetriever.miniLm(repo::excerpts);
            long t0 = System.nanoTime();
            retriever.retrieve(List.of("warm up"), 1, 1);
            System.out.printf("model load + index of %d excerpts: %.0f ms%n", repo.excerpts().size(),
                (System.nanoTime() - t0) / 1e6);
            Random random = new Random(7);
            for (int i = 0; i < 20; i++) {
                retriever.retrieve(ExcerptRetriever.queries(randomCase(random)), 2, 6);
            }
            for (boolean cold : new boolean[] {true, false}) {
                double[] ms = new double[cases];
                int found = 0;
                for (int i = 0; i < cases; i++) {
                    // cold: every query is new (a case number makes it unique), so nothing comes from the query cache
                    String tag = cold ? " (case " + i + ")" : "";
                    List<String> queries = ExcerptRetriever.queries(randomCase(random)).stream().map(q -> q + tag)
                        .toList();
                    long s = System.nanoTime();
                    found += retriever.retrieve(queries, 2, 6).size();
                    ms[i] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf("retrieval per case (5 candidates, 5 queries, %s), %d cases: p50 %.1f ms, "
                    + "p95 %.1f ms, p99 %.1f ms, max %.1f ms; %.1f excerpts per case%n",
                    cold ? "new queries" : "repeated wording, query cache", cases, ms[cases / 2],
                    ms[(int) Math.ceil(cases * 0.95) - 1], ms[(int) Math.ceil(cases * 0.99) - 1], ms[cases - 1],
                    found / (double) cases);
            }
            System.out.printf("index builds: %d%n", retriever.indexBuilds());
        }
    }

    private static List<Candidate> randomCase(Random random) {
        List<Candidate> out = new ArrayList<>();
        List<Integer> picks = new ArrayList<>();
        while (picks.size() < 5) {
            int p = random.nextInt(DISEASES.length);
            if (!picks.contains(p)) {
                picks.add(p);
            }
        }
        for (int p : picks) {
            String[] d = DISEASES[p];
            List<Evidence> ev = new ArrayList<>();
            for (int j = 1; j < d.length; j++) {
                ev.add(new Evidence("ev-" + p + "-" + j, Code.snomed("0"), d[j], 1.0));
            }
            out.add(new Candidate(Code.snomed(String.valueOf(100 + p)), d[0], 0.5, 3, ev, List.of()));
        }
        return out;
    }
}
