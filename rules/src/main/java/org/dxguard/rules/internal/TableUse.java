package org.dxguard.rules.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.rules.facts.PairRow;
import org.dxguard.rules.facts.TableRow;

/**
 * Which reference-table rows the rules of one KieBase can match (issue 21): every row used to be inserted into every
 * package's session on every call, though a package's rules name their own tables ({@code TableRow(table ==
 * "max-daily-dose", ...)}). A row is left out of a base only when it provably cannot match there: every
 * {@code TableRow(}/{@code PairRow(} pattern in the base's rules (comments aside) starts with the top-level
 * conjunct {@code table == "<literal>"}, and no pattern matches a supertype ({@code Describable(}, {@code Object(},
 * {@code Record(}); otherwise the base gets every row, as before. Rows never change (rules must not modify facts),
 * and the rows that stay keep their order, so the matches are the same.
 */
public final class TableUse {
    private static final Pattern ROW_PATTERN = Pattern.compile("\\b(?:TableRow|PairRow)\\s*\\(");
    private static final Pattern NAMED = Pattern.compile(
        "\\b(?:TableRow|PairRow)\\s*\\(\\s*table\\s*==\\s*\"([^\"\\\\]*)\"\\s*[,)]");
    private static final Pattern SUPERTYPE = Pattern.compile("\\b(?:Describable|Object|Record)\\s*\\(");

    private TableUse() {}

    /**
     * The table names the rules in {@code drlTexts} can match, or null when that cannot be told (some pattern does
     * not name its table as a literal, or a pattern could match any fact): then every row must be inserted.
     */
    public static Set<String> tablesMatched(List<String> drlTexts) {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : drlTexts) {
            String drl = DrlScanner.stripComments(raw);
            if (SUPERTYPE.matcher(drl).find()) {
                return null;
            }
            int patterns = 0;
            for (Matcher m = ROW_PATTERN.matcher(drl); m.find(); ) {
                patterns++;
            }
            int named = 0;
            for (Matcher m = NAMED.matcher(drl); m.find(); ) {
                named++;
                names.add(m.group(1));
            }
            if (named != patterns) {
                return null;
            }
        }
        return names;
    }

    /**
     * {@code facts} without the table rows of tables not in {@code tables} (any other fact is kept), in their
     * order; all of {@code facts} when {@code tables} is null.
     */
    public static List<Object> rowsFor(List<Object> facts, Set<String> tables) {
        if (tables == null) {
            return facts;
        }
        List<Object> out = new ArrayList<>();
        for (Object f : facts) {
            String table = f instanceof TableRow t ? t.table() : f instanceof PairRow p ? p.table() : null;
            if (table == null || tables.contains(table)) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }
}
