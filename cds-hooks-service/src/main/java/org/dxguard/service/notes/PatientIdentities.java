package org.dxguard.service.notes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.text.PatientIdentity;

/**
 * What clinical-text's de-identification must find in this patient's texts, from the record's {@code Patient}
 * (FHIR JSON): family and given names, full names ({@code name.text}, and given + family in both orders), the
 * resource id and identifier values, phone numbers and e-mail addresses ({@code telecom}), address lines, city and
 * postal code, and the birth date. (The FHIR mapping of the rules never reads these, so they are taken from the JSON
 * the EHR sent or the service fetched.)
 */
public final class PatientIdentities {
    private PatientIdentities() {}

    public static PatientIdentity of(JsonNode patient) {
        if (patient == null || !"Patient".equals(patient.path("resourceType").asText())) {
            return PatientIdentity.none();
        }
        List<String> family = new ArrayList<>();
        List<String> given = new ArrayList<>();
        List<String> full = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> address = new ArrayList<>();
        for (JsonNode n : patient.path("name")) {
            String f = n.path("family").asText("");
            add(family, f);
            List<String> g = new ArrayList<>();
            n.path("given").forEach(x -> add(g, x.asText("")));
            given.addAll(g);
            add(full, n.path("text").asText(""));
            if (!f.isBlank() && !g.isEmpty()) {
                add(full, String.join(" ", g) + " " + f);
                add(full, f + " " + String.join(" ", g));
                add(full, f + String.join("", g)); // Chinese order without a space: 张三
            }
        }
        add(ids, patient.path("id").asText(""));
        patient.path("identifier").forEach(i -> add(ids, i.path("value").asText("")));
        for (JsonNode t : patient.path("telecom")) {
            add("email".equals(t.path("system").asText()) ? emails : phones, t.path("value").asText(""));
        }
        for (JsonNode a : patient.path("address")) {
            a.path("line").forEach(l -> add(address, l.asText("")));
            add(address, a.path("text").asText(""));
            add(address, a.path("postalCode").asText(""));
        }
        LocalDate birth = null;
        String b = patient.path("birthDate").asText("");
        if (b.length() == 10) {
            try {
                birth = LocalDate.parse(b);
            } catch (java.time.format.DateTimeParseException e) {
                birth = null;
            }
        }
        return new PatientIdentity(family, given, full, ids, phones, emails, address, birth);
    }

    private static void add(List<String> list, String value) {
        if (value != null && !value.isBlank() && !list.contains(value.strip())) {
            list.add(value.strip());
        }
    }
}
