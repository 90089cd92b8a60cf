package org.kepu.search.heldout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.testing.Works;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The held-out queries on the embedded Lucene adapter; prints MRR@10 and hit@1 per category. */
@Tag("bench")
class HeldOutRelevanceBenchTest {

    private static final Logger log = LoggerFactory.getLogger(HeldOutRelevanceBenchTest.class);

    @TempDir
    Path dir;

    @Test
    void heldOutQueriesOnLucene() {
        HeldOut set = HeldOut.load();
        assertThat(set.articles).hasSize(12);
        assertThat(set.queries).hasSizeGreaterThanOrEqualTo(30);
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir, Works.analysis())) {
            index.indexAll(set.works());
            index.refresh();
            Map<HeldOut.Query, Integer> ranks = new LinkedHashMap<>();
            Map<String, HeldOut.Score> scores = set.measure(index, ranks);
            log.info(HeldOut.table("held-out queries, embedded Lucene", scores, ranks));
            assertThat(scores.get("all").queries()).isEqualTo(set.queries.size());
        }
    }
}
