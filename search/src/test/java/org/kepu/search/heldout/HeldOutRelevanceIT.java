package org.kepu.search.heldout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kepu.search.index.ElasticsearchSearchIndex;
import org.kepu.search.testing.Works;
import org.kepu.testkit.ElasticsearchServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The held-out queries on a real Elasticsearch 9; prints MRR@10 and hit@1 per category. */
@Tag("bench")
class HeldOutRelevanceIT {

    private static final Logger log = LoggerFactory.getLogger(HeldOutRelevanceIT.class);

    @Test
    void heldOutQueriesOnElasticsearch() throws Exception {
        HeldOut set = HeldOut.load();
        String alias = "kepu-heldout";
        try (ElasticsearchSearchIndex index =
                ElasticsearchSearchIndex.connect(ElasticsearchServer.shared().url(), alias, Works.analysis())) {
            try {
                index.indexAll(set.works());
                index.refresh();
                Map<HeldOut.Query, Integer> ranks = new LinkedHashMap<>();
                Map<String, HeldOut.Score> scores = set.measure(index, ranks);
                log.info(HeldOut.table("held-out queries, Elasticsearch", scores, ranks));
                assertThat(scores.get("all").queries()).isEqualTo(set.queries.size());
            } finally {
                var indices = index.client().indices();
                List<String> names = List.copyOf(
                        indices.get(g -> g.index(alias + "-v*")).indices().keySet());
                if (!names.isEmpty()) {
                    indices.delete(d -> d.index(names));
                }
            }
        }
    }
}
