package org.dxguard.service.hooks;

import java.util.List;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.ServiceDescriptor;

/** The patient-view differential: ranked candidate diagnoses with their evidence, and the model's explanation. */
public final class DifferentialService implements CdsService {
    public static final String ID = "dxguard-differential";

    private final ServiceDescriptor descriptor = new ServiceDescriptor(Hook.PATIENT_VIEW.id(),
        "dxguard differential diagnosis",
        "Ranks candidate diagnoses for the patient's findings from a symptom-disease knowledge graph, with the "
            + "evidence for each; any model explanation is checked against the guidelines before it is shown.",
        ID, PrefetchTemplates.differential(), null);

    @Override
    public ServiceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public List<Hook> hooks() {
        return List.of(Hook.PATIENT_VIEW);
    }

    @Override
    public List<Card> cards(HookCall call) {
        return List.of();
    }
}
