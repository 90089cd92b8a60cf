package org.kepu.search.analysis;

/**
 * One token of kepu's analysis with its place in the original text. {@code glossary} tokens are the
 * merged whole terms; they sit at the position of their first part and span {@code positionLength}
 * positions.
 */
public record AnalyzedToken(String term, int start, int end, int position, int positionLength, boolean glossary) {}
