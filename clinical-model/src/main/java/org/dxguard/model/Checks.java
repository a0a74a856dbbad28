package org.dxguard.model;

import java.util.List;
import java.util.Objects;

/** Small validation helpers for compact constructors. Not part of the public API. */
final class Checks {
    private Checks() {}

    static String requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
