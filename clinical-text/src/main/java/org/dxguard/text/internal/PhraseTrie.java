package org.dxguard.text.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trie over token norms: phrases (token sequences) with payloads; {@link #longest} finds the longest phrase that
 * starts at a token. Immutable after {@link #freeze()}; lookups are thread-safe.
 *
 * @param <T> payload
 */
public final class PhraseTrie<T> {
    private static final class Node<T> {
        Map<String, Node<T>> next;
        List<T> values;
    }

    /** A match: tokens {@code [from, to)} and the payloads of the phrase. */
    public record Match<T>(int from, int to, List<T> values) {
        public int length() {
            return to - from;
        }
    }

    private final Node<T> root = new Node<>();
    private int size;

    public void add(List<String> norms, T value) {
        if (norms.isEmpty()) {
            return;
        }
        Node<T> n = root;
        for (String s : norms) {
            if (n.next == null) {
                n.next = new HashMap<>(4);
            }
            n = n.next.computeIfAbsent(s, k -> new Node<>());
        }
        if (n.values == null) {
            n.values = new ArrayList<>(1);
            size++;
        }
        if (!n.values.contains(value)) {
            n.values.add(value);
        }
    }

    public int size() {
        return size;
    }

    public void freeze() {
        freeze(root);
    }

    private static <T> void freeze(Node<T> n) {
        if (n.values != null) {
            n.values = List.copyOf(n.values);
        }
        if (n.next != null) {
            n.next.values().forEach(PhraseTrie::freeze);
        }
    }

    /** The longest phrase starting at token {@code at} (hyphen-free norms), or null. */
    public Match<T> longest(List<Token> tokens, int at, int limit) {
        Node<T> n = root;
        Match<T> best = null;
        for (int i = at; i < limit; i++) {
            if (n.next == null) {
                break;
            }
            n = n.next.get(tokens.get(i).norm());
            if (n == null) {
                break;
            }
            if (n.values != null) {
                best = new Match<>(at, i + 1, n.values);
            }
        }
        return best;
    }
}
