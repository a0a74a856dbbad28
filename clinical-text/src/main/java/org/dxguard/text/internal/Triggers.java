package org.dxguard.text.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.dxguard.text.TextErrors;

/**
 * ConText trigger terms (Harkema et al., J Biomed Inform 2009), read from {@code context-triggers.tsv}:
 * {@code phrase<TAB>category<TAB>direction}. Categories: NEGATED, POSSIBLE, HISTORICAL, HYPOTHETICAL, OTHER
 * (experiencer), PSEUDO (a phrase that contains a trigger but is not one: "no increase", 无明显诱因), and
 * TERMINATE / TERMINATE_&lt;category&gt; (ends the scope of every / of one category's trigger). Direction: forward
 * (the trigger modifies what follows), backward (what precedes), both.
 */
public final class Triggers {
    public enum Category { NEGATED, POSSIBLE, HISTORICAL, HYPOTHETICAL, OTHER, PSEUDO, TERMINATE }

    public enum Direction { FORWARD, BACKWARD, BOTH }

    /** One trigger phrase; {@code terminates} lists the categories a TERMINATE phrase ends (all when general). */
    public record Trigger(String phrase, Category category, Direction direction, Set<Category> terminates) {}

    private final PhraseTrie<Trigger> trie = new PhraseTrie<>();
    private final int size;

    private Triggers(List<String[]> rows, String where) {
        int n = 0;
        for (String[] r : rows) {
            String phrase = DataFiles.cell(r, 0);
            String cat = DataFiles.cell(r, 1).toUpperCase(Locale.ROOT);
            String dir = DataFiles.cell(r, 2).toUpperCase(Locale.ROOT);
            if (phrase.isEmpty() || cat.isEmpty()) {
                throw new DxGuardException(TextErrors.INVALID_DATA, where + ": trigger row needs phrase and category");
            }
            Category c;
            Set<Category> term = EnumSet.noneOf(Category.class);
            try {
                if (cat.startsWith("TERMINATE_")) {
                    c = Category.TERMINATE;
                    term.add(Category.valueOf(cat.substring("TERMINATE_".length())));
                } else {
                    c = Category.valueOf(cat);
                    if (c == Category.TERMINATE) {
                        term = EnumSet.of(Category.NEGATED, Category.POSSIBLE, Category.HISTORICAL,
                            Category.HYPOTHETICAL, Category.OTHER);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new DxGuardException(TextErrors.INVALID_DATA, where + ": unknown trigger category '" + cat
                    + "' for '" + phrase + "'");
            }
            Direction d = dir.isEmpty() ? Direction.FORWARD : switch (dir) {
                case "FORWARD", "PRE" -> Direction.FORWARD;
                case "BACKWARD", "POST" -> Direction.BACKWARD;
                case "BOTH" -> Direction.BOTH;
                default -> throw new DxGuardException(TextErrors.INVALID_DATA, where + ": unknown direction '" + dir
                    + "' for '" + phrase + "'");
            };
            trie.add(Tokenizer.norms(phrase), new Trigger(phrase, c, d, Set.copyOf(term)));
            n++;
        }
        trie.freeze();
        size = n;
    }

    public static Triggers packaged() {
        return Holder.PACKAGED;
    }

    public static Triggers of(List<String[]> rows, String where) {
        return new Triggers(rows, where);
    }

    public int size() {
        return size;
    }

    public PhraseTrie.Match<Trigger> longest(List<Token> tokens, int at, int limit) {
        return trie.longest(tokens, at, limit);
    }

    private static final class Holder {
        static final Triggers PACKAGED = new Triggers(DataFiles.packaged("context-triggers.tsv"), "context-triggers.tsv");
    }
}
