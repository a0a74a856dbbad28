package org.dxguard.rules.facts;

import java.util.Set;

/**
 * An active allergy resolved to the ingredient and/or drug classes it names (an allergy to a class, e.g.
 * penicillins, has an empty ingredient).
 */
public record AllergyFact(String allergyId, String ingredient, Set<String> classes, boolean highCriticality,
                          String display) implements Describable {
    public AllergyFact {
        ingredient = ingredient == null ? "" : ingredient;
        classes = Set.copyOf(classes);
    }

    @Override
    public String describe() {
        return "AllergyIntolerance/" + allergyId + " " + display + (highCriticality ? " (high criticality)" : "");
    }
}
