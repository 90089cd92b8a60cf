package org.kepu.search.analysis;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.util.AttributeSource;

/**
 * Merges runs of adjacent tokens that spell a glossary term into one extra token of type
 * {@link #TYPE}, stacked on the first part (position increment as the part, position length as the
 * number of parts covered) and emitted before the parts, which stay in the stream so that they remain
 * findable. A term may end inside a token ({@code 量子计算} in {@code 量子/计算机}), but must start on
 * a token boundary.
 */
final class GlossaryFilter extends TokenFilter {

    static final String TYPE = "<GLOSSARY>";

    private final Glossary glossary;
    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);
    private final PositionLengthAttribute posLenAtt = addAttribute(PositionLengthAttribute.class);
    private final TypeAttribute typeAtt = addAttribute(TypeAttribute.class);

    private final List<Pending> pending = new ArrayList<>();
    private final Deque<AttributeSource.State> output = new ArrayDeque<>();
    private final StringBuilder window = new StringBuilder();
    private Glossary.Snapshot terms;
    private boolean exhausted;

    private record Pending(AttributeSource.State state, String term, int start, int end, int posInc) {}

    GlossaryFilter(TokenStream input, Glossary glossary) {
        super(input);
        this.glossary = glossary;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!output.isEmpty()) {
            restoreState(output.poll());
            return true;
        }
        if (pending.isEmpty()) {
            if (exhausted || !input.incrementToken()) {
                exhausted = true;
                return false;
            }
            // most tokens start no glossary term: pass them through without buffering
            if (!terms.startsLongerTerm(termAtt)) {
                return true;
            }
            pending.add(new Pending(
                    captureState(),
                    termAtt.toString(),
                    offsetAtt.startOffset(),
                    offsetAtt.endOffset(),
                    posIncAtt.getPositionIncrement()));
        }
        Pending first = pending.get(0);
        window.setLength(0);
        window.append(first.term());
        int count = 1;
        while (window.length() < terms.maxLength()) {
            if (count >= pending.size() && !readOne()) {
                break;
            }
            Pending next = pending.get(count);
            if (next.start() != pending.get(count - 1).end() || next.posInc() != 1) {
                break;
            }
            window.append(next.term());
            count++;
        }
        List<Integer> lengths = terms.matches(window, first.term().length() + 1);
        pending.remove(0);
        if (lengths.isEmpty()) {
            restoreState(first.state());
            return true;
        }
        // Every term that starts here is stacked, longest first; the part follows at the same position.
        for (int i = 1; i < lengths.size(); i++) {
            output.add(merged(first, lengths.get(i), 0));
        }
        restoreState(first.state());
        posIncAtt.setPositionIncrement(0);
        output.add(captureState());
        restoreState(merged(first, lengths.get(0), first.posInc()));
        return true;
    }

    private AttributeSource.State merged(Pending first, int length, int posInc) {
        int covered = 1;
        int chars = first.term().length();
        int end = first.end();
        for (int i = 0; chars < length; i++, covered++) {
            Pending part = pending.get(i);
            int take = Math.min(part.term().length(), length - chars);
            chars += take;
            end = take == part.term().length() ? part.end() : Math.min(part.end(), part.start() + take);
        }
        restoreState(first.state());
        termAtt.setEmpty().append(window, 0, length);
        offsetAtt.setOffset(first.start(), end);
        posIncAtt.setPositionIncrement(posInc);
        posLenAtt.setPositionLength(covered);
        typeAtt.setType(TYPE);
        return captureState();
    }

    private boolean readOne() throws IOException {
        if (exhausted || !input.incrementToken()) {
            exhausted = true;
            return false;
        }
        pending.add(new Pending(
                captureState(),
                termAtt.toString(),
                offsetAtt.startOffset(),
                offsetAtt.endOffset(),
                posIncAtt.getPositionIncrement()));
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending.clear();
        output.clear();
        exhausted = false;
        terms = glossary.snapshot();
    }
}
