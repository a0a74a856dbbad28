package org.dxguard.reasoner.ask;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.reasoner.ReasonerErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the guideline excerpts that answer a clinician's question, in the question's language: one index per
 * language, each over the excerpts written in that language ({@link GuidelineExcerpt#text(String)}; an excerpt
 * without a translation is indexed in English) and embedded by a model made for it — English with
 * all-MiniLM-L6-v2, Chinese with BAAI bge-small-zh-v1.5 (both in-process ONNX, shipped in Maven artifacts; no
 * download). Why per-language indexes rather than one multilingual model: no multilingual embedding model is
 * packaged for langchain4j 1.19 in Maven Central (checked: only bge-small-zh-v15, bge-small-en-v15 and the
 * all-MiniLM/e5 English models), and the measured hit@3 of each choice is in docs/BENCHMARKS.md ("Ask: retrieval").
 *
 * <p>The excerpts come from a supplier (the active guideline packages, which may be reloaded); each language's
 * index is rebuilt when its fingerprint (ids, titles and texts) changes. Questions are embedded on the calling
 * thread and not cached: questions rarely repeat, and a cache would flatter the latency figures. A model is loaded
 * on first use (about a second each; {@link #warmUp()} at start-up). Thread-safe.
 */
public final class QuestionRetriever {
    private static final Logger LOG = LoggerFactory.getLogger(QuestionRetriever.class);
    /**
     * bge-small-zh-v1.5's instruction for short queries that retrieve passages (its model card, "retrieval with
     * instruction"). Not used by {@link #standard}: on the question set it found one answering excerpt fewer at rank 1
     * and the same at rank 3 (docs/BENCHMARKS.md, "Ask: retrieval").
     */
    public static final String BGE_ZH_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章：";

    /** One retrieved excerpt, the language it was matched in, and its relevance (cosine mapped to 0..1). */
    public record Hit(GuidelineExcerpt excerpt, String language, double score) {}

    /** How one language is embedded: the model, and a prefix put before each question (not before excerpts). */
    public record LanguageModel(Supplier<EmbeddingModel> model, String queryPrefix) {
        public LanguageModel {
            Objects.requireNonNull(model, "model");
            queryPrefix = queryPrefix == null ? "" : queryPrefix;
        }
    }

    private record Index(String version, List<GuidelineExcerpt> excerpts, float[][] vectors) {}

    /**
     * The standard models and their indexes, shared by every standard retriever of the JVM (the models are
     * thread-safe and immutable, an index is a function of its excerpts): a second service in one JVM (tests) loads
     * and embeds nothing again.
     */
    private static final Map<String, EmbeddingModel> SHARED_MODELS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, Index> SHARED_INDEXES = new java.util.concurrent.ConcurrentHashMap<>();

    private final Supplier<List<GuidelineExcerpt>> excerpts;
    private final Map<String, LanguageModel> languages;
    private final Map<String, EmbeddingModel> loaded;
    private final Map<String, Index> indexes = new java.util.concurrent.ConcurrentHashMap<>();
    private final boolean shared;

    private QuestionRetriever(Supplier<List<GuidelineExcerpt>> excerpts, Map<String, LanguageModel> languages,
                              boolean shared) {
        this.excerpts = Objects.requireNonNull(excerpts, "excerpts");
        this.languages = Map.copyOf(languages);
        this.shared = shared;
        this.loaded = shared ? SHARED_MODELS : new java.util.concurrent.ConcurrentHashMap<>();
    }

    /** English over all-MiniLM-L6-v2, Chinese over bge-small-zh-v1.5 (questions as asked, without an instruction). */
    public static QuestionRetriever standard(Supplier<List<GuidelineExcerpt>> excerpts) {
        return new QuestionRetriever(excerpts, Map.of(
            "en", new LanguageModel(AllMiniLmL6V2EmbeddingModel::new, ""),
            "zh", new LanguageModel(BgeSmallZhV15EmbeddingModel::new, "")), true);
    }

    /** Any models per language (tests, and the retrieval evaluation of other choices). */
    public static QuestionRetriever of(Supplier<List<GuidelineExcerpt>> excerpts, Map<String, LanguageModel> languages) {
        if (languages.isEmpty()) {
            throw new IllegalArgumentException("at least one language");
        }
        return new QuestionRetriever(excerpts, languages, false);
    }

    /** The languages this retriever has an index for. */
    public java.util.Set<String> languages() {
        return languages.keySet();
    }

    /**
     * The {@code k} excerpts closest to {@code question} in {@code language}'s index (an unknown language uses
     * English), best first.
     */
    public List<Hit> retrieve(String question, String language, int k) {
        if (question == null || question.isBlank() || k <= 0) {
            return List.of();
        }
        String lang = languages.containsKey(language) ? language : languages.containsKey("en") ? "en"
            : languages.keySet().iterator().next();
        Index idx = index(lang);
        if (idx.excerpts().isEmpty()) {
            return List.of();
        }
        float[] q = unit(model(lang).embed(languages.get(lang).queryPrefix() + question.strip()).content().vector());
        List<Hit> hits = new ArrayList<>(idx.excerpts().size());
        for (int i = 0; i < idx.excerpts().size(); i++) {
            double cos = dot(q, idx.vectors()[i]);
            hits.add(new Hit(idx.excerpts().get(i), lang, (cos + 1) / 2));
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed());
        return List.copyOf(hits.subList(0, Math.min(k, hits.size())));
    }

    /** Loads every language's model and embeds the current excerpts (call at start-up). */
    public void warmUp() {
        for (String lang : languages.keySet()) {
            index(lang);
        }
    }

    private EmbeddingModel model(String lang) {
        return loaded.computeIfAbsent(lang, l -> {
            long t0 = System.nanoTime();
            try {
                EmbeddingModel m = languages.get(l).model().get();
                LOG.info("ask retrieval: {} embedding model loaded in {} ms", l, (System.nanoTime() - t0) / 1_000_000);
                return m;
            } catch (RuntimeException | LinkageError e) {
                throw new DxGuardException(ReasonerErrors.RETRIEVAL_UNAVAILABLE, "the " + l + " embedding model could "
                    + "not load (" + e.getClass().getSimpleName() + ")", e);
            }
        });
    }

    private Index index(String lang) {
        List<GuidelineExcerpt> list = excerpts.get();
        list = list == null ? List.of() : List.copyOf(list);
        String version = fingerprint(list, lang);
        Index i = indexes.get(lang);
        if (i != null && i.version().equals(version)) {
            return i;
        }
        if (shared) {
            Index s = SHARED_INDEXES.get(lang + "@" + version);
            if (s != null) {
                indexes.put(lang, s);
                return s;
            }
        }
        synchronized (shared ? SHARED_INDEXES : this) {
            i = indexes.get(lang);
            if (i != null && i.version().equals(version)) {
                return i;
            }
            if (shared && SHARED_INDEXES.containsKey(lang + "@" + version)) {
                i = SHARED_INDEXES.get(lang + "@" + version);
                indexes.put(lang, i);
                return i;
            }
            long t0 = System.nanoTime();
            float[][] vectors = new float[list.size()][];
            if (!list.isEmpty()) {
                List<TextSegment> segments = list.stream().map(e -> TextSegment.from(passage(e, lang))).toList();
                List<Embedding> embedded = model(lang).embedAll(segments).content();
                for (int j = 0; j < vectors.length; j++) {
                    vectors[j] = unit(embedded.get(j).vector());
                }
            }
            i = new Index(version, list, vectors);
            indexes.put(lang, i);
            if (shared) {
                SHARED_INDEXES.put(lang + "@" + version, i);
            }
            LOG.info("ask retrieval: {} index of {} excerpts built in {} ms (version {})", lang, list.size(),
                (System.nanoTime() - t0) / 1_000_000, version);
            return i;
        }
    }

    /** What is embedded of an excerpt in a language: its title and text there. */
    static String passage(GuidelineExcerpt e, String lang) {
        return e.title(lang) + ("zh".equals(lang) ? "。" : ". ") + e.text(lang);
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n == 0 ? 0 : (float) (v[i] / n);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static String fingerprint(List<GuidelineExcerpt> list, String lang) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (GuidelineExcerpt e : list) {
                md.update((e.id() + "\u0000" + passage(e, lang) + "\u0000").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Excerpt ids of hits, in order. */
    public static List<String> ids(List<Hit> hits) {
        List<String> out = new ArrayList<>();
        for (Hit h : hits) {
            out.add(h.excerpt().id());
        }
        return out;
    }

    /** For logging and records: language → index version ({@code null} before first use). */
    public Map<String, String> versions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : languages.keySet()) {
            Index i = indexes.get(l);
            m.put(l, i == null ? null : i.version());
        }
        return m;
    }
}
