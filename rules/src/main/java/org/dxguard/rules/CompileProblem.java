package org.dxguard.rules;

/**
 * One problem found while compiling or checking a rule set: the file, the 1-based line (0 when unknown), the rule
 * name or id when known, and what is wrong.
 */
public record CompileProblem(String file, int line, String rule, String message) {
    public CompileProblem {
        file = file == null ? "" : file;
        rule = rule == null ? "" : rule;
        message = message == null ? "" : message.strip();
    }

    /** {@code file:line: [rule X] message}. */
    public String format() {
        StringBuilder b = new StringBuilder(file.isEmpty() ? "<rule set>" : file);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (!rule.isEmpty()) {
            b.append("rule ").append(rule).append(": ");
        }
        return b.append(message).toString();
    }
}
