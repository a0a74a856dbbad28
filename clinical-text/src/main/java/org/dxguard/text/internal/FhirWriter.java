package org.dxguard.text.internal;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.text.Duration;
import org.dxguard.text.Experiencer;
import org.dxguard.text.ExtractRequest;
import org.dxguard.text.Extraction;
import org.dxguard.text.Language;
import org.dxguard.text.Measurement;
import org.dxguard.text.MedicationMention;
import org.dxguard.text.Mention;
import org.dxguard.text.Negation;
import org.dxguard.text.SectionKind;
import org.dxguard.text.Span;
import org.dxguard.text.Temporality;
import org.dxguard.text.TermKind;
import org.dxguard.text.TextAnalysis;
import org.dxguard.text.TextErrors;
import org.dxguard.text.Thresholds;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;

/**
 * Text analysis → FHIR R4 Bundle (collection). See the module README, "Text to FHIR", for the mapping. Every
 * resource carries the source-span extension {@value #SOURCE_URL} (start, end, text, section, negation,
 * temporality, experiencer) and a human-readable note with the same facts.
 */
public final class FhirWriter {
    public static final String SOURCE_URL = "https://dxguard.org/fhir/StructureDefinition/source-span";
    static final String PRESENT = "52101004";
    static final String ABSENT = "2667000";
    private static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private static final String VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    private static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
    private static final String OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String GTS = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation";
    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    private FhirWriter() {}

    public static Extraction write(TextAnalysis a, ExtractRequest req, List<Thresholds.MeasuredFinding> measured) {
        try {
            Bundle b = new Bundle();
            b.setType(Bundle.BundleType.COLLECTION);
            b.setId(UUID.nameUUIDFromBytes(a.text().getBytes(StandardCharsets.UTF_8)).toString());
            Reference subject = req.patientId() == null || req.patientId().isBlank()
                ? new Reference().setDisplay(a.language() == Language.ZH ? "病历所述患者" : "the patient described in the note")
                : new Reference("Patient/" + req.patientId().strip());
            LocalDate noteDate = req.noteDate();
            int conditions = 0;
            int observations = 0;
            int meds = 0;
            Map<String, Mention> seen = new LinkedHashMap<>();
            for (Mention m : a.mentions()) {
                String key = m.span() + "|" + m.term().kind() + "|" + codesKey(m);
                if (seen.putIfAbsent(key, m) != null || sameSpanSharedCode(seen, m)) {
                    continue;
                }
                if (m.experiencer() != Experiencer.PATIENT || m.temporality() == Temporality.HYPOTHETICAL) {
                    continue;
                }
                TermKind k = m.term().kind();
                if (k == TermKind.DISEASE) {
                    add(b, condition(a, m, subject, noteDate), m.span(), a);
                    conditions++;
                } else if ((k == TermKind.FINDING || k == TermKind.HISTORY) && m.negation() != Negation.POSSIBLE
                    && !(k == TermKind.FINDING && m.temporality() == Temporality.HISTORICAL
                        && m.negation() == Negation.AFFIRMED)) {
                    add(b, finding(a, m, subject, noteDate), m.span(), a);
                    observations++;
                }
            }
            for (Measurement ms : a.measurements()) {
                add(b, measurement(a, ms, subject, noteDate), ms.span(), a);
                observations++;
            }
            for (MedicationMention mm : a.medications()) {
                Mention d = mm.drug();
                if (d.experiencer() != Experiencer.PATIENT) {
                    continue;
                }
                add(b, medication(a, mm, subject), mm.span(), a);
                meds++;
            }
            String json = CONTEXT.newJsonParser().setPrettyPrint(true).encodeResourceToString(b);
            return new Extraction(a, json, conditions, observations, meds);
        } catch (RuntimeException e) {
            if (e instanceof DxGuardException dx) {
                throw dx;
            }
            throw new DxGuardException(TextErrors.FHIR_WRITE_FAILED, "cannot write the analysis as FHIR R4: "
                + e.getClass().getSimpleName(), e);
        }
    }

    private static String codesKey(Mention m) {
        StringBuilder s = new StringBuilder();
        for (Code c : m.term().codes()) {
            s.append(c.system()).append('|').append(c.code()).append(';');
        }
        return s.toString();
    }

    /** Two terms matched at the same words that share a code (packaged "fever" and a graph's fever) → one resource. */
    private static boolean sameSpanSharedCode(Map<String, Mention> seen, Mention m) {
        for (Mention o : seen.values()) {
            if (o != m && o.span().equals(m.span()) && o.term().kind() == m.term().kind()) {
                for (Code c : m.term().codes()) {
                    for (Code d : o.term().codes()) {
                        if (c.sameConcept(d) && !c.system().startsWith("urn:dxguard")) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static void add(Bundle b, Resource r, Span span, TextAnalysis a) {
        String uuid = UUID.nameUUIDFromBytes((a.text().hashCode() + "|" + span + "|" + r.fhirType() + "|"
            + b.getEntry().size()).getBytes(StandardCharsets.UTF_8)).toString();
        b.addEntry().setFullUrl("urn:uuid:" + uuid).setResource(r);
    }

    private static Condition condition(TextAnalysis a, Mention m, Reference subject, LocalDate noteDate) {
        Condition c = new Condition();
        c.setCode(concept(m, a.language()));
        c.setSubject(subject);
        switch (m.negation()) {
            case NEGATED -> c.setVerificationStatus(cc(VERIFICATION, "refuted", "Refuted"));
            case POSSIBLE -> c.setVerificationStatus(cc(VERIFICATION, "provisional", "Provisional"));
            default -> c.setVerificationStatus(cc(VERIFICATION, "confirmed", "Confirmed"));
        }
        if (m.negation() != Negation.NEGATED && m.temporality() == Temporality.RECENT) {
            c.setClinicalStatus(cc(CLINICAL, "active", "Active"));
        }
        if (m.temporality() == Temporality.RECENT && m.negation() != Negation.NEGATED) {
            c.addCategory(cc(CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis"));
        }
        if (m.negation() != Negation.NEGATED && m.duration() != null) {
            onset(m.duration(), noteDate, a.language(), c);
        }
        source(c, a, m.span(), m.section(), m);
        return c;
    }

    private static void onset(Duration d, LocalDate noteDate, Language lang, Condition c) {
        if (noteDate != null) {
            LocalDate on = noteDate.minusDays(Math.round(d.days()));
            c.setOnset(new DateTimeType(Date.from(on.atStartOfDay(ZoneOffset.UTC).toInstant()),
                ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY));
        } else {
            c.setOnset(new StringType(d.text().strip() + (lang == Language.ZH ? "（病历所述）" : " (as stated)")));
        }
    }

    private static Observation finding(TextAnalysis a, Mention m, Reference subject, LocalDate noteDate) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        if (m.section() == SectionKind.PHYSICAL_EXAM) {
            o.addCategory(cc(OBS_CATEGORY, "exam", "Exam"));
        } else if (m.section() == SectionKind.SOCIAL_HISTORY) {
            o.addCategory(cc(OBS_CATEGORY, "social-history", "Social History"));
        }
        o.setCode(concept(m, a.language()));
        o.setSubject(subject);
        boolean present = m.negation() == Negation.AFFIRMED;
        o.setValue(new CodeableConcept(new Coding(Code.SNOMED, present ? PRESENT : ABSENT,
            present ? "Present" : "Absent")));
        if (present && m.duration() != null && noteDate != null) {
            LocalDate on = noteDate.minusDays(Math.round(m.duration().days()));
            o.setEffective(new org.hl7.fhir.r4.model.Period().setStartElement(new DateTimeType(
                Date.from(on.atStartOfDay(ZoneOffset.UTC).toInstant()), ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY)));
        } else if (noteDate != null) {
            o.setEffective(new DateTimeType(Date.from(noteDate.atStartOfDay(ZoneOffset.UTC).toInstant()),
                ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY));
        }
        source(o, a, m.span(), m.section(), m);
        return o;
    }

    private static Observation measurement(TextAnalysis a, Measurement ms, Reference subject, LocalDate noteDate) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        String category = "vital-signs";
        for (Measurements.Kind k : Measurements.KINDS) {
            if (k.id().equals(ms.kind())) {
                category = k.category();
            }
        }
        o.addCategory(cc(OBS_CATEGORY, category, category.equals("vital-signs") ? "Vital Signs" : "Laboratory"));
        o.setCode(new CodeableConcept(new Coding(ms.code().system(), ms.code().code(), ms.label())).setText(ms.label()));
        o.setSubject(subject);
        if (noteDate != null) {
            o.setEffective(new DateTimeType(Date.from(noteDate.atStartOfDay(ZoneOffset.UTC).toInstant()),
                ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY));
        }
        if (ms.value2() != null) {
            o.addComponent().setCode(new CodeableConcept(new Coding(Code.LOINC, "8480-6", "Systolic blood pressure")))
                .setValue(quantity(ms.value(), ms.unit()));
            o.addComponent().setCode(new CodeableConcept(new Coding(Code.LOINC, "8462-4", "Diastolic blood pressure")))
                .setValue(quantity(ms.value2(), ms.unit()));
        } else {
            o.setValue(quantity(ms.value(), ms.unit()));
        }
        source(o, a, ms.span(), ms.section(), null);
        return o;
    }

    private static Quantity quantity(double v, String ucum) {
        Quantity q = new Quantity().setValue(java.math.BigDecimal.valueOf(v).stripTrailingZeros());
        if (ucum != null) {
            q.setUnit(ucum).setSystem(Code.UCUM).setCode(ucum);
        }
        return q;
    }

    private static MedicationStatement medication(TextAnalysis a, MedicationMention mm, Reference subject) {
        Mention d = mm.drug();
        MedicationStatement s = new MedicationStatement();
        s.setStatus(switch (d.negation()) {
            case NEGATED -> MedicationStatement.MedicationStatementStatus.NOTTAKEN;
            case POSSIBLE -> MedicationStatement.MedicationStatementStatus.UNKNOWN;
            default -> d.temporality() == Temporality.HISTORICAL ? MedicationStatement.MedicationStatementStatus.COMPLETED
                : d.temporality() == Temporality.HYPOTHETICAL ? MedicationStatement.MedicationStatementStatus.INTENDED
                : MedicationStatement.MedicationStatementStatus.ACTIVE;
        });
        s.setMedication(concept(d, a.language()));
        s.setSubject(subject);
        Dosage dosage = s.addDosage();
        dosage.setText(mm.span().of(a.text()).strip());
        if (mm.doseValue() != null) {
            dosage.addDoseAndRate().setDose(quantity(mm.doseValue(), mm.doseUnit()));
        }
        if (mm.frequencyCode() != null) {
            Timing t = new Timing();
            t.setCode(new CodeableConcept(new Coding(GTS, mm.frequencyCode(), null)).setText(mm.frequencyText()));
            int[] fp = switch (mm.frequencyCode()) {
                case "QD", "BED" -> new int[] {1, 1};
                case "BID" -> new int[] {2, 1};
                case "TID" -> new int[] {3, 1};
                case "QID" -> new int[] {4, 1};
                case "QOD" -> new int[] {1, 2};
                case "Q4H" -> new int[] {6, 1};
                default -> null;
            };
            if (fp != null) {
                t.getRepeat().setFrequency(fp[0]).setPeriod(fp[1]).setPeriodUnit(Timing.UnitsOfTime.D);
            }
            dosage.setTiming(t);
        }
        if (mm.frequencyText() != null && mm.frequencyText().matches("(?i).*(prn|p\\.r\\.n\\.|as needed|when needed|必要时|需要时).*")) {
            dosage.setAsNeeded(new org.hl7.fhir.r4.model.BooleanType(true));
        }
        if (mm.route() != null) {
            dosage.setRoute(new CodeableConcept().setText(mm.route()));
        }
        source(s, a, mm.span(), d.section(), d);
        return s;
    }

    private static CodeableConcept concept(Mention m, Language lang) {
        CodeableConcept c = new CodeableConcept();
        for (Code code : m.term().codes()) {
            if (code.system().startsWith("urn:dxguard:") && m.term().codes().size() > 1) {
                continue; // internal keys stay internal when a standard code exists
            }
            c.addCoding(new Coding(code.system(), code.code(), code.display() != null ? code.display()
                : m.term().label(Language.EN)));
        }
        if (c.getCoding().isEmpty()) {
            Code code = m.term().code();
            c.addCoding(new Coding(code.system(), code.code(), m.term().label(Language.EN)));
        }
        c.setText(m.text());
        return c;
    }

    private static CodeableConcept cc(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }

    private static void source(org.hl7.fhir.r4.model.DomainResource r, TextAnalysis a, Span span, SectionKind section,
                               Mention m) {
        Extension e = new Extension(SOURCE_URL);
        e.addExtension("start", new IntegerType(span.start()));
        e.addExtension("end", new IntegerType(span.end()));
        e.addExtension("text", new StringType(span.of(a.text())));
        e.addExtension("section", new StringType(section.name()));
        e.addExtension("language", new StringType(a.language().tag()));
        if (m != null) {
            e.addExtension("negation", new StringType(m.negation().name()));
            e.addExtension("temporality", new StringType(m.temporality().name()));
            e.addExtension("experiencer", new StringType(m.experiencer().name()));
        }
        r.addExtension(e);
        String note = (a.language() == Language.ZH ? "来源：" : "Source: ") + section.name() + " [" + span.start() + ","
            + span.end() + ") \"" + span.of(a.text()) + "\"" + (m == null ? "" : " (" + m.negation() + ", "
            + m.temporality() + ")");
        Annotation ann = new Annotation().setText(note);
        if (r instanceof Condition c) {
            c.addNote(ann);
        } else if (r instanceof Observation o) {
            o.addNote(ann);
        } else if (r instanceof MedicationStatement s) {
            s.addNote(ann);
        }
    }

    /** Parses JSON written here (tests, round trips). */
    public static List<Resource> resources(String bundleJson) {
        Bundle b = CONTEXT.newJsonParser().parseResource(Bundle.class, bundleJson);
        List<Resource> out = new ArrayList<>();
        b.getEntry().forEach(e -> out.add(e.getResource()));
        return out;
    }
}
