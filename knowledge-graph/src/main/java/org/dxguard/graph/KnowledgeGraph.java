package org.dxguard.graph;

import java.util.List;
import org.dxguard.graph.internal.Neo4jKnowledgeGraph;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;

/**
 * Entry point of the knowledge-graph module: ranks candidate diagnoses with their evidence from a Neo4j
 * symptom-disease graph. Thread-safe; one instance per process. Obtain it with {@link #connect(GraphConfig)}:
 * a {@code bolt://} or {@code neo4j://} URI connects to a server or cluster (reads routed to readers), a null URI
 * starts the embedded Neo4j under {@link GraphConfig#dataDir()} and loads the default graph on first start.
 *
 * <p>Failures surface as {@link org.dxguard.model.DxGuardException} with codes from {@link GraphErrors};
 * {@link GraphErrors#GRAPH_UNAVAILABLE} is retriable and means "leave the differential card out".
 */
public interface KnowledgeGraph extends AutoCloseable {

    static KnowledgeGraph connect(GraphConfig config) {
        return Neo4jKnowledgeGraph.connect(config);
    }

    /**
     * Ranks from the patient's findings plus the active conditions and coded observations that the terminology
     * table maps to graph findings ({@link #findingsFor(PatientFacts)}), with age and sex. Open world: only
     * explicit absences count.
     */
    default Differential rank(PatientFacts facts, int k) {
        return rank(RankQuery.of(findingsFor(facts), facts.ageYears(), facts.sex(), k));
    }

    /**
     * FHIR → findings: {@code facts.findings()} plus every active condition and coded observation whose code is a
     * graph finding or maps to one through the terminology table ({@code (:Term)-[:MAPS_TO]->(:Finding)}).
     * An observation coded negative/absent/not detected (SNOMED CT 260385009, 2667000, 260415000) is an absent
     * finding; inactive (resolved, refuted) conditions are ignored.
     */
    List<Finding> findingsFor(PatientFacts facts);

    default Differential rank(List<Finding> findings, Integer ageYears, Sex sex, int k) {
        return rank(RankQuery.of(findings, ageYears, sex, k));
    }

    /** The general form; see {@link RankQuery} for closed-world (questionnaire) semantics. */
    Differential rank(RankQuery query);

    /**
     * Every finding (base and value nodes) and disease of the graph with its synonyms, equivalent codes and implied
     * findings, for building a text lexicon (clinical-text) from the graph. One read; cache it per
     * {@link #knowledgeBaseVersion()}. The default (a graph without text) is empty.
     */
    default List<GraphTerm> vocabulary() {
        return List.of();
    }

    /** The version of the loaded knowledge, e.g. {@code ddxplus-2022+synthea-3.3.0@1a2b3c4d}; "empty" if none. */
    String knowledgeBaseVersion();

    /** True when the graph answers a trivial read now. Never throws. */
    boolean healthy();

    /** Importers writing into this graph. */
    GraphImports imports();

    @Override
    void close();
}
