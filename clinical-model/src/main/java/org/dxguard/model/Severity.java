package org.dxguard.model;

/** How urgent a finding is; maps one-to-one onto the CDS Hooks card indicator. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    /** The CDS Hooks {@code indicator} value. */
    public String indicator() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
