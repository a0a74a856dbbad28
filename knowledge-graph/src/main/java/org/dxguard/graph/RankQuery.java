package org.dxguard.graph;

import java.util.List;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Finding;
import org.dxguard.model.Sex;

/**
 * One ranking request. {@code closedWorld} says that the findings are the answers to a complete questionnaire, so
 * every finding of a disease that is not reported present counts as absent (DDXPlus semantics). With
 * {@code closedWorld = false} (the default for EHR data) only findings explicitly reported absent count as absent.
 */
public record RankQuery(List<Finding> findings, Integer ageYears, Sex sex, int k, boolean closedWorld) {
    /** {@code k} for the whole calibrated differential (every included candidate, not cut). */
    public static final int ALL = Integer.MAX_VALUE;

    public RankQuery {
        findings = findings == null ? List.of() : List.copyOf(findings);
        sex = sex == null ? Sex.UNKNOWN : sex;
        if (k < 1) {
            throw new DxGuardException(GraphErrors.INVALID_QUERY, "k must be >= 1, was " + k);
        }
        if (ageYears != null && (ageYears < 0 || ageYears > 150)) {
            throw new DxGuardException(GraphErrors.INVALID_QUERY, "age must be 0..150, was " + ageYears);
        }
    }

    public static RankQuery of(List<Finding> findings, Integer ageYears, Sex sex, int k) {
        return new RankQuery(findings, ageYears, sex, k, false);
    }

    public RankQuery withClosedWorld(boolean value) {
        return new RankQuery(findings, ageYears, sex, k, value);
    }
}
