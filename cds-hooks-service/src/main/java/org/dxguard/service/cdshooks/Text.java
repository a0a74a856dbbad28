package org.dxguard.service.cdshooks;

import java.util.List;

final class Text {
    private Text() {}

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
