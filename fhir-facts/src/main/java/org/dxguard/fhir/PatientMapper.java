package org.dxguard.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import org.dxguard.model.Sex;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Patient → age in whole years at {@code asOf} and sex (package-info, "Patient"). Package-private. */
final class PatientMapper {
    private static final Logger LOG = LoggerFactory.getLogger(FactsMapper.class);

    private PatientMapper() {}

    /** Age in whole years at {@code asOf} (UTC); a partial birth date counts from its first day; unknown → null. */
    static Integer age(Patient patient, Instant asOf) {
        if (!patient.hasBirthDateElement()) {
            return null;
        }
        LocalDate birth = FhirValues.localDate(patient.getBirthDateElement());
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        if (birth == null || birth.isAfter(today)) {
            LOG.debug("birth date is after asOf; age unknown");
            return null;
        }
        int years = Period.between(birth, today).getYears();
        return years > 150 ? null : years;
    }

    static Sex sex(Patient patient) {
        if (!patient.hasGender()) {
            return Sex.UNKNOWN;
        }
        return switch (patient.getGender()) {
            case MALE -> Sex.MALE;
            case FEMALE -> Sex.FEMALE;
            case OTHER -> Sex.OTHER;
            default -> Sex.UNKNOWN;
        };
    }
}
