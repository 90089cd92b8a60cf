package org.kepu.search.analysis;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * smartcn segmentation that keeps characters outside the Basic Multilingual Plane whole. smartcn
 * works on UTF-16 units and cuts surrogate pairs into two broken tokens; here the text is split into
 * runs of BMP text, each segmented by smartcn, and single supplementary code points (CJK extension
 * ideographs, emoji), each emitted as one token.
 */
final class ProtectedSmartcnTokenizer extends Tokenizer {

    static final String SUPPLEMENTARY = "<SUPPLEMENTARY>";

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final TypeAttribute typeAtt = addAttribute(TypeAttribute.class);

    private final HMMChineseTokenizer smartcn = new HMMChineseTokenizer();
    private final CharTermAttribute smartcnTerm = smartcn.getAttribute(CharTermAttribute.class);
    private final OffsetAttribute smartcnOffset = smartcn.getAttribute(OffsetAttribute.class);
    private final TypeAttribute smartcnType = smartcn.getAttribute(TypeAttribute.class);

    private final List<Segment> segments = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int next;

    private record Segment(String term, int start, int end, String type) {}

    @Override
    public boolean incrementToken() {
        if (next >= segments.size()) {
            return false;
        }
        clearAttributes();
        Segment segment = segments.get(next++);
        termAtt.setEmpty().append(segment.term());
        offsetAtt.setOffset(correctOffset(segment.start()), correctOffset(segment.end()));
        typeAtt.setType(segment.type());
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        segments.clear();
        next = 0;
        readAll();
        segmentAll();
    }

    @Override
    public void end() throws IOException {
        super.end();
        int last = correctOffset(text.length());
        offsetAtt.setOffset(last, last);
    }

    @Override
    public void close() throws IOException {
        super.close();
        segments.clear();
        text.setLength(0);
    }

    private void readAll() throws IOException {
        text.setLength(0);
        char[] buffer = new char[4096];
        int read;
        while ((read = input.read(buffer)) != -1) {
            text.append(buffer, 0, read);
        }
    }

    private void segmentAll() throws IOException {
        int runStart = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = Character.codePointAt(text, i);
            int width = Character.charCount(codePoint);
            if (width == 2 || Character.isSurrogate(text.charAt(i))) {
                segmentRun(runStart, i);
                if (width == 2 && Character.isLetterOrDigit(codePoint) || isSymbol(codePoint)) {
                    segments.add(new Segment(text.substring(i, i + width), i, i + width, SUPPLEMENTARY));
                }
                runStart = i + width;
            }
            i += width;
        }
        segmentRun(runStart, text.length());
    }

    private static boolean isSymbol(int codePoint) {
        return Character.charCount(codePoint) == 2 && Character.getType(codePoint) == Character.OTHER_SYMBOL;
    }

    private void segmentRun(int start, int end) throws IOException {
        if (start >= end) {
            return;
        }
        smartcn.setReader(new StringReader(text.substring(start, end)));
        smartcn.reset();
        while (smartcn.incrementToken()) {
            segments.add(new Segment(
                    smartcnTerm.toString(),
                    start + smartcnOffset.startOffset(),
                    start + smartcnOffset.endOffset(),
                    smartcnType.type()));
        }
        smartcn.end();
        smartcn.close();
    }
}
