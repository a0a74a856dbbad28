package org.dxguard.rules.veto.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an evidence citation ({@code [ev:fever]}, {@code 【E1】}) sits in a sentence and which text it is attached to.
 *
 * <p>Consecutive citations separated only by blanks or commas form one <em>group</em>
 * ({@code "fever, cough and chills [ev:fever][ev:cough][ev:chills]"}), and every citation of a group is attached to
 * the same text: the text before the group, back to the end of the previous group or to the last {@code :} or
 * {@code ;} (full-width forms too), else to the start of the sentence. Commas and "and" do not end the text, so a list
 * followed by its citations stays whole; a citation placed before its text ({@code "[ev:fever] Fever"}) is attached
 * to nothing. Leading commas are dropped (", Chills" → "Chills"). The pattern is the one the claim extractor cites
 * evidence with.
 */
public final class Citations {
    /** A bracketed evidence citation; group 1 is the cited id (as in {@code ClaimExtractor}). */
    public static final Pattern CITATION = Pattern.compile("[\\[【]\\s*([A-Za-z0-9_.:\\-]{1,40})\\s*[\\]】]");
    private static final Pattern GAP = Pattern.compile("[\\s,，、]*");
    private static final Pattern BOUNDARY = Pattern.compile("[:;：；]");
    private static final Pattern LEADING_PUNCTUATION = Pattern.compile("^[\\s,，、.。]+");

    private Citations() {}

    /**
     * The text each citation of {@code id} in {@code sentence} is attached to (stripped, citations excluded), in
     * order; empty when the sentence does not cite {@code id} in brackets (e.g. a structured {@code citedEvidenceIds}
     * entry, whose span is the bare id).
     */
    public static List<String> attachedTexts(String sentence, String id) {
        List<String> out = new ArrayList<>();
        if (sentence == null || id == null) {
            return out;
        }
        Matcher m = CITATION.matcher(sentence);
        int prevGroupEnd = 0;
        int groupStart = -1;
        int groupEnd = -1;
        boolean groupCites = false;
        while (m.find()) {
            if (groupStart >= 0 && GAP.matcher(sentence.substring(groupEnd, m.start())).matches()) {
                groupEnd = m.end();
                groupCites |= m.group(1).equals(id);
                continue;
            }
            if (groupStart >= 0) {
                if (groupCites) {
                    out.add(attached(sentence, prevGroupEnd, groupStart));
                }
                prevGroupEnd = groupEnd;
            }
            groupStart = m.start();
            groupEnd = m.end();
            groupCites = m.group(1).equals(id);
        }
        if (groupStart >= 0 && groupCites) {
            out.add(attached(sentence, prevGroupEnd, groupStart));
        }
        return out;
    }

    private static String attached(String s, int from, int to) {
        Matcher b = BOUNDARY.matcher(s).region(from, to);
        int start = from;
        while (b.find()) {
            start = b.end();
        }
        return LEADING_PUNCTUATION.matcher(s.substring(start, to)).replaceFirst("").strip();
    }
}
