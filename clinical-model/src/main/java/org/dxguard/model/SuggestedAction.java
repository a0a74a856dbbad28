package org.dxguard.model;

import java.util.Objects;

/**
 * What a rule suggests doing. {@code targetMedicationId} names the draft order to cancel or change;
 * {@code newDose} is set for {@link Kind#CHANGE_DOSE}; {@code orderCode} is the lab or medication to order for
 * {@link Kind#ORDER_LAB}.
 */
public record SuggestedAction(Kind kind, String label, String targetMedicationId, Dose newDose, Code orderCode) {
    public enum Kind { CANCEL_ORDER, CHANGE_DOSE, ORDER_LAB, STOP_MEDICATION }

    public SuggestedAction {
        Objects.requireNonNull(kind, "kind must not be null");
        Checks.requireText(label, "label");
        if (kind == Kind.CHANGE_DOSE && newDose == null) {
            throw new IllegalArgumentException("a dose change needs the new dose");
        }
        if (kind == Kind.ORDER_LAB && orderCode == null) {
            throw new IllegalArgumentException("a lab order needs the code to order");
        }
        if ((kind == Kind.CANCEL_ORDER || kind == Kind.CHANGE_DOSE) && targetMedicationId == null) {
            throw new IllegalArgumentException(kind + " needs the id of the draft order it acts on");
        }
    }
}
