package org.dxguard.reasoner.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dxguard.model.GuidelineExcerpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the guideline excerpts relevant to a case. The excerpts come from a supplier (the active guideline packages,
 * which may be reloaded); they are embedded once per version (a fingerprint of their ids and texts) into an
 * in-memory store, not per call. A case's queries are embedded on the calling thread in one batch; query embeddings
 * are kept in a bounded cache (4096), since cases repeat the same candidate and finding wording.
 * Thread-safe.
 */
public final class ExcerptRetriever {
    private static final Logger LOG = LoggerFactory.getLogger(ExcerptRetriever.class);
    /** Matches below this cosine-derived score (0..1) are not relevant enough to give to a model. */
    public static final double DEFAULT_MIN_SCORE = 0.55;

    /** One retrieved excerpt and its relevance score (0..1, higher is closer). */
    public record Retrieved(GuidelineExcerpt excerpt, double score) {}

    private record Index(String version, InMemoryEmbeddingStore<TextSegment> store, Map<String, GuidelineExcerpt> byId) {}

    private final Supplier<List<GuidelineExcerpt>> excerpts;
    private final Supplier<EmbeddingModel> modelFactory;
    private final double minScore;
    private final AtomicInteger builds = new AtomicInteger();
    /** Query embeddings (the text is de-identified: candidate names and finding labels). */
    private final Cache<String, Embedding> queryCache = Caffeine.newBuilder().maximumSize(QUERY_CACHE_SIZE).build();
    static final int QUERY_CACHE_SIZE = 4096;
    /** Embeddings by excerpt text, kept across versions; guarded by {@code this}. */
    private final Map<String, Embedding> embeddings = new java.util.HashMap<>();
    private volatile EmbeddingModel model;
    private volatile Index index;

    private ExcerptRetriever(Supplier<List<GuidelineExcerpt>> excerpts, Supplier<EmbeddingModel> modelFactory,
                             double minScore) {
        this.excerpts = Objects.requireNonNull(excerpts, "excerpts");
        this.modelFactory = modelFactory;
        this.minScore = minScore;
    }

    /** Over all-MiniLM-L6-v2 (in-process ONNX; loaded on first use, about a second). */
    public static ExcerptRetriever miniLm(Supplier<List<GuidelineExcerpt>> excerpts) {
        return new ExcerptRetriever(excerpts, AllMiniLmL6V2EmbeddingModel::new, DEFAULT_MIN_SCORE);
    }

    /** Over any langchain4j embedding model, with a chosen minimum score (tests, other models). */
    public static ExcerptRetriever of(Supplier<List<GuidelineExcerpt>> excerpts, EmbeddingModel model, double minScore) {
        Objects.requireNonNull(model, "model");
        return new ExcerptRetriever(excerpts, () -> model, minScore);
    }

    /** Retrieves nothing (no guideline excerpts are given to the model). */
    public static ExcerptRetriever none() {
        return new ExcerptRetriever(List::of, null, 1.0);
    }

    /** True when this retriever can return anything. */
    public boolean enabled() {
        return modelFactory != null;
    }

    /**
     * The queries the explainer retrieves excerpts with for a case: one per candidate, its name and the labels of its
     * supporting evidence (no identifiers).
     */
    public static List<String> queries(List<org.dxguard.model.Candidate> candidates) {
        return org.dxguard.reasoner.internal.ChatModelSource.queries(candidates);
    }

    /**
     * The excerpts most relevant to {@code queries} (for example one query per candidate diagnosis with its
     * evidence): up to {@code perQuery} from each, merged by best score, at most {@code k} in all, best first.
     */
    public List<Retrieved> retrieve(List<String> queries, int perQuery, int k) {
        if (!enabled() || k <= 0 || queries == null || queries.isEmpty()) {
            return List.of();
        }
        Index idx = current();
        if (idx.byId().isEmpty()) {
            return List.of();
        }
        Map<String, Retrieved> best = new LinkedHashMap<>();
        for (Embedding e : embedQueries(queries)) {
            for (EmbeddingMatch<TextSegment> m : idx.store().search(EmbeddingSearchRequest.builder()
                .queryEmbedding(e).maxResults(perQuery).minScore(minScore).build()).matches()) {
                GuidelineExcerpt ex = idx.byId().get(m.embeddingId());
                if (ex != null) {
                    best.merge(ex.id(), new Retrieved(ex, m.score()), (a, b) -> a.score() >= b.score() ? a : b);
                }
            }
        }
        return best.values().stream().sorted((a, b) -> Double.compare(b.score(), a.score())).limit(k).toList();
    }

    /**
     * The embeddings of the distinct queries: from the bounded query cache (cases repeat the same candidate and
     * finding wording), the others in one batch (one ONNX run instead of one per query).
     */
    private List<Embedding> embedQueries(List<String> queries) {
        List<String> distinct = queries.stream().filter(q -> q != null && !q.isBlank()).map(String::strip).distinct()
            .toList();
        List<String> missing = distinct.stream().filter(q -> queryCache.getIfPresent(q) == null).toList();
        if (!missing.isEmpty()) {
            List<Embedding> fresh = model().embedAll(missing.stream().map(TextSegment::from).toList()).content();
            for (int i = 0; i < missing.size(); i++) {
                queryCache.put(missing.get(i), fresh.get(i));
            }
        }
        List<Embedding> out = new ArrayList<>();
        for (String q : distinct) {
            Embedding e = queryCache.getIfPresent(q);
            out.add(e != null ? e : model().embed(q).content());
        }
        return out;
    }

    /** Embeds the current excerpts now if they changed (call at start-up so that no case pays for it). */
    public void warmUp() {
        if (enabled()) {
            current();
        }
    }

    /** How many times the index was built (once per version of the excerpts). */
    public int indexBuilds() {
        return builds.get();
    }

    /** The version of the excerpts last embedded (a fingerprint), or null before the first use. */
    public String indexVersion() {
        Index i = index;
        return i == null ? null : i.version();
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    long t0 = System.nanoTime();
                    m = modelFactory.get();
                    model = m;
                    LOG.info("retrieval: embedding model loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
                }
            }
        }
        return m;
    }

    private Index current() {
        List<GuidelineExcerpt> list = excerpts.get();
        list = list == null ? List.of() : list;
        String version = fingerprint(list);
        Index i = index;
        if (i != null && i.version().equals(version)) {
            return i;
        }
        synchronized (this) {
            i = index;
            if (i != null && i.version().equals(version)) {
                return i;
            }
            long t0 = System.nanoTime();
            InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
            Map<String, GuidelineExcerpt> byId = new LinkedHashMap<>();
            int embedded = 0;
            if (!list.isEmpty()) {
                List<TextSegment> segments = new ArrayList<>();
                List<TextSegment> missing = new ArrayList<>();
                for (GuidelineExcerpt e : list) {
                    TextSegment seg = TextSegment.from(e.title() + ". " + e.text());
                    segments.add(seg);
                    byId.put(e.id(), e);
                    if (!embeddings.containsKey(seg.text())) {
                        missing.add(seg);
                    }
                }
                if (!missing.isEmpty()) {
                    // only new or edited excerpts are embedded: a guideline reload does not redo the unchanged ones
                    List<Embedding> fresh = model().embedAll(missing).content();
                    for (int j = 0; j < missing.size(); j++) {
                        embeddings.put(missing.get(j).text(), fresh.get(j));
                    }
                    embedded = missing.size();
                }
                store.addAll(list.stream().map(GuidelineExcerpt::id).toList(),
                    segments.stream().map(seg -> embeddings.get(seg.text())).toList(), segments);
                embeddings.keySet().retainAll(segments.stream().map(TextSegment::text).toList());
            }
            i = new Index(version, store, Map.copyOf(byId));
            index = i;
            builds.incrementAndGet();
            LOG.info("retrieval: index of {} guideline excerpts ({} embedded now) built in {} ms (version {})",
                list.size(), embedded, (System.nanoTime() - t0) / 1_000_000, version);
            return i;
        }
    }

    private static String fingerprint(List<GuidelineExcerpt> list) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (GuidelineExcerpt e : list) {
                md.update((e.id() + "\u0000" + e.title() + "\u0000" + e.text() + "\u0000").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
