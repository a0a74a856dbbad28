package org.dxguard.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.dxguard.model.DxGuardException;
import org.dxguard.text.internal.Analyzer;
import org.dxguard.text.internal.Deidentifier;
import org.dxguard.text.internal.FhirWriter;
import org.dxguard.text.internal.Sectionizer;
import org.dxguard.text.internal.TermIndex;
import org.dxguard.text.internal.Triggers;

/**
 * Entry point of the clinical-text module: reads English and Chinese clinical notes and reports.
 * <pre>{@code
 * ClinicalText text = ClinicalText.builder().lexicon(Lexicon.packaged().toBuilder().addAll(graphTerms).build()).build();
 * TextAnalysis a = text.analyze("CC: cough x3 weeks. Denies chest pain. FH: mother with asthma.");
 * List<Finding> findings = a.findings();                 // cough present, chest pain absent; asthma is the mother's
 * String bundle = text.extract(ExtractRequest.of(note)).bundleJson();   // FHIR R4 Bundle (collection)
 * Deidentified d = text.deidentify(note, identity, noteDate);           // before a model or a log sees it
 * }</pre>
 * Thread-safe and immutable; build once (the lexicon index is built in {@link Builder#build()}).
 *
 * <p>Bad input (empty, binary, more than {@link #MAX_BYTES} bytes of UTF-8) throws {@link DxGuardException} with
 * a code from {@link TextErrors}.
 */
public final class ClinicalText {
    /** The largest text accepted: 1 MB of UTF-8. */
    public static final int MAX_BYTES = 1 << 20;

    private final Lexicon lexicon;
    private final Analyzer analyzer;

    private ClinicalText(Builder b) {
        this.lexicon = b.lexicon;
        this.analyzer = new Analyzer(new TermIndex(b.lexicon), Triggers.packaged(), Sectionizer.packaged());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** With the packaged lexicon only. */
    public static ClinicalText withPackagedLexicon() {
        return builder().build();
    }

    public Lexicon lexicon() {
        return lexicon;
    }

    /** Analyses a text in the language it is written in ({@link Language#detect}). */
    public TextAnalysis analyze(String text) {
        check(text);
        return analyzer.analyze(text, Language.detect(text));
    }

    /** Analyses a text; {@code language} null means detect. */
    public TextAnalysis analyze(String text, Language language) {
        check(text);
        return analyzer.analyze(text, language == null ? Language.detect(text) : language);
    }

    /** Decodes UTF-8 bytes strictly (malformed input is {@link TextErrors#BINARY_TEXT}) and checks them. */
    public static String decode(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        if (utf8.length > MAX_BYTES) {
            throw new DxGuardException(TextErrors.TEXT_TOO_LARGE, "text has " + utf8.length + " bytes; at most "
                + MAX_BYTES + " are accepted");
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
            check(s);
            return s;
        } catch (CharacterCodingException e) {
            throw new DxGuardException(TextErrors.BINARY_TEXT, "text is not valid UTF-8 (binary data?)", e);
        }
    }

    /** Throws when the text is empty, binary-looking or longer than {@link #MAX_BYTES} bytes of UTF-8. */
    public static void check(String text) {
        if (text == null || text.isBlank()) {
            throw new DxGuardException(TextErrors.EMPTY_TEXT, "text is empty");
        }
        if (text.length() > MAX_BYTES || utf8Length(text) > MAX_BYTES) {
            throw new DxGuardException(TextErrors.TEXT_TOO_LARGE, "text has " + utf8Length(text)
                + " bytes of UTF-8; at most " + MAX_BYTES + " are accepted");
        }
        int control = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c == '\uFFFD' && ++control > 8) {
                throw new DxGuardException(TextErrors.BINARY_TEXT, "text contains NUL or undecodable bytes "
                    + "(binary data?)");
            }
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                control++;
            }
        }
        if (control > 8 && control * 20 > text.length()) {
            throw new DxGuardException(TextErrors.BINARY_TEXT, "text has " + control
                + " control characters (binary data?)");
        }
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * Text → FHIR R4: analyses the text and writes a {@code Bundle} (type collection) of Conditions, Observations
     * and MedicationStatements (see the module README for the mapping and the source-span extension). This is what
     * {@code POST /text/extract} and {@code dxguard text extract} return.
     */
    public Extraction extract(ExtractRequest request) {
        Objects.requireNonNull(request, "request");
        TextAnalysis a = analyze(request.text(), request.language());
        return FhirWriter.write(a, request, Thresholds.packaged().findings(a.measurements()));
    }

    /**
     * De-identifies free text (English and Chinese): the patient's names and identifiers from {@code identity},
     * name-like patterns (titles, Chinese surname + given name, name fields), identifiers (MRN, Chinese resident
     * ID, phone, e-mail, address, URL), and exact dates, which become times relative to {@code reference} ("[3 days
     * before]"; "[date]" when {@code reference} is null).
     */
    public Deidentified deidentify(String text, PatientIdentity identity, LocalDate reference) {
        check(text);
        return Deidentifier.deidentify(text, identity == null ? PatientIdentity.none() : identity, reference);
    }

    /**
     * The ConText of a given phrase (a condition) in a text: the phrase is located (case-insensitive, any spacing)
     * and classified as if it were a lexicon term; the first occurrence counts. Used by the NegEx/ConText test-set
     * evaluation ({@link ContextEvaluation}).
     */
    public Context context(String text, String phrase) {
        check(text);
        return analyzer.context(text, phrase);
    }

    /** Findings from measured values by the packaged thresholds (fever ≥ 38.0 °C, tachycardia …). */
    public List<Thresholds.MeasuredFinding> measuredFindings(TextAnalysis analysis) {
        return Thresholds.packaged().findings(analysis.measurements());
    }

    /** Builder: the lexicon defaults to {@link Lexicon#packaged()}. */
    public static final class Builder {
        private Lexicon lexicon;

        private Builder() {}

        public Builder lexicon(Lexicon value) {
            this.lexicon = Objects.requireNonNull(value, "lexicon");
            return this;
        }

        public ClinicalText build() {
            if (lexicon == null) {
                lexicon = Lexicon.packaged();
            }
            return new ClinicalText(this);
        }
    }
}
