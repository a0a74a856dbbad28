package org.dxguard.text.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Common Chinese surnames ({@code zh-surnames.txt}, one per line), for names found next to a title (王医生, 张先生). */
final class ChineseSurnames {
    private static final Set<String> SURNAMES = load();

    private ChineseSurnames() {}

    private static Set<String> load() {
        Set<String> s = new HashSet<>();
        for (String[] r : DataFiles.packaged("zh-surnames.txt")) {
            for (String x : r[0].split("[\\s、,，]+")) {
                if (!x.isBlank()) {
                    s.add(x.strip());
                }
            }
        }
        return Set.copyOf(s);
    }

    /** True when {@code s} (2-3 characters; 1 for a compound) starts with a surname and is a plausible name. */
    static boolean starts(String s) {
        if (s.length() >= 2 && SURNAMES.contains(s.substring(0, 2)) || SURNAMES.contains(s.substring(0, 1))) {
            return s.length() >= 1 && s.length() <= 3;
        }
        return false;
    }

    static List<String> all() {
        return List.copyOf(SURNAMES);
    }
}
