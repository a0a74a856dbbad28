package org.dxguard.fhir;

import java.util.ArrayList;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.hl7.fhir.r4.model.FamilyMemberHistory;

/**
 * FamilyMemberHistory → the relatives' conditions ({@code PatientFacts.familyHistory}), never the patient's own.
 * Package-private.
 */
final class FamilyHistoryMapper {
    private FamilyHistoryMapper() {}

    /**
     * Each condition of a relative (status not entered-in-error; a history with a {@code dataAbsentReason} is
     * skipped) becomes a family-history Condition with id {@code FamilyMemberHistory/<id>} (and {@code #<n>} after
     * the first).
     */
    static List<Condition> map(FamilyMemberHistory fmh) {
        if (fmh.hasStatus() && "entered-in-error".equals(fmh.getStatus().toCode()) || fmh.hasDataAbsentReason()) {
            return List.of();
        }
        String id = FhirValues.idPart(fmh);
        List<Condition> out = new ArrayList<>();
        for (FamilyMemberHistory.FamilyMemberHistoryConditionComponent c : fmh.getCondition()) {
            List<Code> codes = FhirValues.codes(c.getCode());
            String text = FhirValues.text(c.getCode());
            if (codes.isEmpty() && text == null) {
                continue;
            }
            out.add(new Condition("FamilyMemberHistory/" + (id == null ? "unknown" : id)
                + (out.isEmpty() ? "" : "#" + out.size()), codes, text, true, null));
        }
        return out;
    }
}
