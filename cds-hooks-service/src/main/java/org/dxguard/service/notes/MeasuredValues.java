package org.dxguard.service.notes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;
import org.dxguard.model.FindingSource;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.text.Thresholds;

/**
 * Vital signs and lab values of the record turned into findings by the thresholds kept as data (clinical-text's
 * {@code vital-thresholds.tsv}: fever ≥ 38.0 °C, heart rate &gt; 90/min, respiratory rate &gt; 20/min, SpO2 &lt; 90 %,
 * WBC &gt; 12 × 10⁹/L): only values of the current visit (effective within {@link RecordTexts#CURRENT_WINDOW} of the
 * call; an undated value is not used), matched by LOINC code and read in the rule's unit (no unit is converted by
 * guess). Each finding cites its Observation and the value: an English quote (decision record, prompts) and the
 * code, value and unit as recorded ({@link FindingSource.Measured}), which a card names and formats in its language.
 */
public final class MeasuredValues {
    private MeasuredValues() {}

    public static List<Finding> findings(PatientFacts facts, Instant asOf) {
        Thresholds thresholds = Thresholds.packaged();
        List<Finding> out = new ArrayList<>();
        for (Observation o : facts.observations()) {
            if (o.value() == null || o.effective() == null
                || o.effective().isBefore(asOf.minus(RecordTexts.CURRENT_WINDOW))
                || o.effective().isAfter(asOf.plus(java.time.Duration.ofDays(1)))) {
                continue;
            }
            for (Code c : o.codes()) {
                for (Thresholds.Rule r : thresholds.rulesFor(c, o.value(), o.unit())) {
                    FindingSource.Measured m = new FindingSource.Measured(c, o.value(), o.unit());
                    String quote = (c.display() != null ? c.display() : "LOINC " + c.code()) + " "
                        + m.valueText() + (o.unit() == null ? "" : " " + o.unit());
                    out.add(new Finding(new Code(r.finding().system(), r.finding().code(), r.labelEn()), true, null,
                        FindingSource.measured(o.id() == null ? null : "Observation/" + o.id(), o.effective(),
                            quote.replace('"', '\'').replace('`', '\''), m)));
                }
            }
        }
        return out;
    }
}
