package org.kepu.search.vector;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.testing.Works;

class LuceneHybridSearchTest extends HybridSearchContract {

    @TempDir
    Path dir;

    @Override
    protected SearchIndex newIndex() {
        return new LuceneSearchIndex(dir.resolve("index"), Works.analysisWithoutSynonyms());
    }
}
