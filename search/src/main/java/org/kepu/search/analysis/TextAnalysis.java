package org.kepu.search.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/** Runs {@link KepuAnalyzer} over a string and hands back the tokens as values. Thread-safe. */
public final class TextAnalysis {

    private static final String FIELD = "text";

    private final KepuAnalyzer analyzer;

    public TextAnalysis(KepuAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    public static TextAnalysis withShippedGlossary() {
        return new TextAnalysis(new KepuAnalyzer(Glossary.shipped()));
    }

    public KepuAnalyzer analyzer() {
        return analyzer;
    }

    public List<AnalyzedToken> tokens(String text) {
        List<AnalyzedToken> tokens = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return tokens;
        }
        try (TokenStream stream = analyzer.tokenStream(FIELD, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute posInc = stream.addAttribute(PositionIncrementAttribute.class);
            PositionLengthAttribute posLen = stream.addAttribute(PositionLengthAttribute.class);
            TypeAttribute type = stream.addAttribute(TypeAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += posInc.getPositionIncrement();
                tokens.add(new AnalyzedToken(
                        term.toString(),
                        offset.startOffset(),
                        offset.endOffset(),
                        position,
                        posLen.getPositionLength(),
                        GlossaryFilter.TYPE.equals(type.type())));
            }
            stream.end();
        } catch (IOException e) {
            // Only string readers are used, so this cannot happen short of a bug.
            throw new UncheckedIOException("analysis failed", e);
        }
        return tokens;
    }
}
