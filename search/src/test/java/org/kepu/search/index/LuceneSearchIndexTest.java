package org.kepu.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.search.testing.Works.work;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Works;

class LuceneSearchIndexTest extends SearchIndexContract {

    @TempDir
    Path dir;

    @Override
    protected SearchIndex newIndex() {
        return new LuceneSearchIndex(dir.resolve("index"), Works.analysis());
    }

    @Test
    void reopeningKeepsWorksRevisionsAndTheAlias() throws Exception {
        index.index(work("w").revision(5).saying("引力波").indexed());
        try (Rebuild rebuild = index.startRebuild()) {
            rebuild.indexAll(List.of(work("w").revision(5).saying("引力波").indexed()));
            rebuild.complete();
        }
        index.close();

        index = newIndex();

        assertThat(index.liveName()).isEqualTo("kepu-works-v2");
        assertThat(Files.readString(dir.resolve("index/CURRENT"))).isEqualTo("kepu-works-v2");
        assertThat(Files.exists(dir.resolve("index/kepu-works-v1"))).isFalse();
        assertThat(index.revision("w")).contains(5L);
        assertThat(index.index(work("w").revision(4).indexed())).isEqualTo(WriteOutcome.STALE);
        assertThat(index.search(SearchRequest.of("引力波", Visibility.everything()))
                        .total())
                .isEqualTo(1);
    }
}
