package org.kepu.review.checks;

import java.util.List;

/**
 * The knowledge checks (myth families, known rumours, reference values) run on their own, for a dry run
 * of one knowledge base entry against a text before it is put in force: the same code the screening runs,
 * over a pack, corpus or table holding only that entry.
 */
public final class KnowledgeChecks {

    private KnowledgeChecks() {}

    public static List<Finding> myths(MythRulePack pack, String text) {
        return new MythCheck(pack).check(ScreeningInput.ofText(text));
    }

    /** With the paraphrase matcher, the screening's default; a matcher the screening is given may find more. */
    public static List<Finding> rumours(KnownRumours corpus, String text) {
        return new KnownRumourCheck(new ParaphraseClaimMatcher(corpus)).check(ScreeningInput.ofText(text));
    }

    public static List<Finding> values(ReferenceValues table, String text) {
        return new ReferenceValueCheck(table).check(ScreeningInput.ofText(text));
    }

    /** The sentences of a text as the checks split it: {@code [start, end)} offsets, in order. */
    public static List<int[]> sentences(String text) {
        return Sentences.split(text).stream()
                .map(s -> new int[] {s.start(), s.end()})
                .toList();
    }
}
