package org.kepu.search.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.WordlistLoader;

/**
 * kepu's one analyzer for Chinese popular-science text, used for documents and queries by both index
 * adapters. Both sides meet in half-width, simplified, lowercase form with mainland vocabulary
 * ({@link RegionalVocabulary}); glossary terms are kept whole beside their parts (a token graph: see
 * {@link GlossaryFilter}).
 */
public final class KepuAnalyzer extends Analyzer {

    private static volatile CharArraySet stopwords;

    private final Glossary glossary;
    private final Synonyms synonyms;

    /** With the shipped synonym list. */
    public KepuAnalyzer(Glossary glossary) {
        this(glossary, Synonyms.shipped());
    }

    /** {@code synonyms} are not applied here but by the query planner, which reads them from the analyzer. */
    public KepuAnalyzer(Glossary glossary, Synonyms synonyms) {
        this.glossary = glossary;
        this.synonyms = synonyms;
    }

    public Glossary glossary() {
        return glossary;
    }

    public Synonyms synonyms() {
        return synonyms;
    }

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
        // full-width letters and digits → half-width, traditional → simplified, lowercase: one table, one
        // char for one char, so that offsets need no correction and both sides meet in one form
        Reader folded = new FoldingCharFilter(reader, CharFolding.segmenting());
        // then regional words to mainland ones (軟體 → 软件); this step corrects offsets back to the original
        return RegionalVocabulary.shipped().wrap(folded);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        // smartcn segmentation, with supplementary characters kept whole
        Tokenizer source = new ProtectedSmartcnTokenizer();
        // lowercase what the char table cannot reach: supplementary letters
        TokenStream stream = new LowerCaseFilter(source);
        // glossary terms stacked over their parts; before stopwords so that 碳中和 survives "和"
        stream = new GlossaryFilter(stream, glossary);
        // punctuation and function words
        stream = new StopFilter(stream, stopwords());
        return new TokenStreamComponents(source, stream);
    }

    @Override
    protected Reader initReaderForNormalization(String fieldName, Reader reader) {
        return initReader(fieldName, reader);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }

    static CharArraySet stopwords() {
        CharArraySet set = stopwords;
        if (set == null) {
            synchronized (KepuAnalyzer.class) {
                set = stopwords;
                if (set == null) {
                    set = loadStopwords();
                    stopwords = set;
                }
            }
        }
        return set;
    }

    private static CharArraySet loadStopwords() {
        try (InputStream in = KepuAnalyzer.class.getResourceAsStream("stopwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing analysis resource stopwords.txt");
            }
            CharArraySet set = WordlistLoader.getWordSet(
                    new InputStreamReader(in, StandardCharsets.UTF_8), "#", new CharArraySet(64, false));
            return CharArraySet.unmodifiableSet(set);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stopwords.txt", e);
        }
    }
}
