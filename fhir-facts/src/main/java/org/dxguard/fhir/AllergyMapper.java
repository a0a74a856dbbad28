package org.dxguard.fhir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.dxguard.model.Allergy;
import org.dxguard.model.Code;
import org.hl7.fhir.r4.model.AllergyIntolerance;

/** AllergyIntolerance → {@link Allergy} (package-info, "AllergyIntolerance"). Package-private. */
final class AllergyMapper {
    private AllergyMapper() {}

    /** The allergy with the codes of its code and reaction substances; null without any code or text. */
    static Allergy map(AllergyIntolerance ai, MappingLog log) {
        Set<Code> codes = new LinkedHashSet<>(FhirValues.codes(ai.getCode()));
        for (AllergyIntolerance.AllergyIntoleranceReactionComponent reaction : ai.getReaction()) {
            codes.addAll(FhirValues.codes(reaction.getSubstance()));
        }
        String text = FhirValues.text(ai.getCode());
        if (codes.isEmpty() && text == null) {
            log.ignored("AllergyIntolerance without code");
            return null;
        }
        String verification = FhirValues.firstCode(ai.getVerificationStatus());
        String clinical = FhirValues.firstCode(ai.getClinicalStatus());
        boolean active = !"refuted".equals(verification) && !"entered-in-error".equals(verification)
            && (clinical == null || "active".equals(clinical));
        boolean high = ai.hasCriticality() && ai.getCriticality() == AllergyIntolerance.AllergyIntoleranceCriticality.HIGH;
        return new Allergy(FhirValues.idPart(ai), new ArrayList<>(codes), text, active, high);
    }
}
