package org.dxguard.text.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.text.Lexicon;
import org.dxguard.text.Term;

/**
 * The lexicon as a phrase trie over token norms. English synonyms "X pain" also match "pain in X" and
 * "pain in the X"; a synonym of one Latin letter or digit is not indexed (it would match everywhere).
 */
public final class TermIndex {
    private static final Pattern X_PAIN = Pattern.compile("(?i)^([a-z][a-z ]*[a-z]) pain$");
    private final PhraseTrie<Term> trie = new PhraseTrie<>();

    public TermIndex(Lexicon lexicon) {
        for (Term t : lexicon.terms()) {
            for (String s : t.synonyms()) {
                add(t, s);
                Matcher m = X_PAIN.matcher(s);
                if (m.matches()) {
                    add(t, "pain in " + m.group(1));
                    add(t, "pain in the " + m.group(1));
                }
            }
        }
        trie.freeze();
    }

    private void add(Term t, String phrase) {
        List<String> norms = Tokenizer.norms(phrase);
        if (norms.isEmpty() || norms.size() == 1 && norms.get(0).length() < 2 && !Tokenizer.isHan(norms.get(0).charAt(0))) {
            return;
        }
        trie.add(norms, t);
    }

    public int phrases() {
        return trie.size();
    }

    public PhraseTrie.Match<Term> longest(List<Token> tokens, int at, int limit) {
        return trie.longest(tokens, at, limit);
    }
}
