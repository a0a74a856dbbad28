package org.dxguard.text;

import java.time.LocalDate;
import java.util.List;

/**
 * What de-identification must find in a note about this patient, taken from the Patient resource (the caller maps
 * it; this module reads no FHIR): names (family and given names, full names as written, in any script), identifiers
 * (MRN, national ID, insurance numbers), phone numbers, e-mail addresses, address lines and the birth date.
 */
public record PatientIdentity(List<String> familyNames, List<String> givenNames, List<String> fullNames,
                              List<String> identifiers, List<String> phones, List<String> emails,
                              List<String> addressLines, LocalDate birthDate) {
    public PatientIdentity {
        familyNames = copy(familyNames);
        givenNames = copy(givenNames);
        fullNames = copy(fullNames);
        identifiers = copy(identifiers);
        phones = copy(phones);
        emails = copy(emails);
        addressLines = copy(addressLines);
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : l.stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
    }

    public static PatientIdentity none() {
        return new PatientIdentity(null, null, null, null, null, null, null, null);
    }
}
