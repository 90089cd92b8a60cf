package org.kepu.search.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kepu.search.index.ElasticsearchSearchIndex;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.IndexFields;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Works;
import org.kepu.testkit.ElasticsearchServer;

/** The hybrid contract against a real Elasticsearch 9 (dense_vector, kNN with filters), each test behind its own alias. */
class ElasticsearchHybridSearchIT extends HybridSearchContract {

    private static final AtomicInteger ALIASES = new AtomicInteger();
    private String alias;

    @Override
    protected SearchIndex newIndex() {
        alias = "kepu-vectors-" + ALIASES.incrementAndGet();
        return ElasticsearchSearchIndex.connect(
                ElasticsearchServer.shared().url(), alias, Works.analysisWithoutSynonyms());
    }

    @AfterEach
    void dropIndices() throws Exception {
        var indices = ((ElasticsearchSearchIndex) index).client().indices();
        List<String> names =
                List.copyOf(indices.get(g -> g.index(alias + "-v*")).indices().keySet());
        if (!names.isEmpty()) {
            indices.delete(d -> d.index(names));
        }
    }

    @Test
    void vectorsAreIndexedForSearchButNeverReadBackNorStoredInTheSource() throws Exception {
        float[] vector = new ConceptEmbedder().embed("马铃薯");
        index.index(Works.work("w").saying("马铃薯").indexed().withVector(vector));
        index.refresh();

        var client = ((ElasticsearchSearchIndex) index).client();
        var properties = client.indices()
                .getMapping(g -> g.index(alias))
                .mappings()
                .values()
                .iterator()
                .next()
                .mappings()
                .properties();
        assertThat(properties.get(IndexFields.VECTOR).isDenseVector()).isTrue();
        assertThat(client.get(g -> g.index(alias).id("w"), Object.class)
                        .source()
                        .toString())
                .doesNotContain(IndexFields.VECTOR);
        assertThat(((VectorSearch) index).nearest(vector, 5, SearchRequest.of("马铃薯", Visibility.everything())))
                .singleElement()
                .satisfies(hit -> assertThat(hit.score()).isGreaterThan(0.99f));
    }

    @Test
    void anotherInstanceOpeningTheSameIndexKeepsItsVectors() {
        float[] vector = new ConceptEmbedder().embed("马铃薯");
        index.index(Works.work("w").saying("马铃薯").indexed().withVector(vector));
        try (ElasticsearchSearchIndex second = ElasticsearchSearchIndex.connect(
                ElasticsearchServer.shared().url(), alias, Works.analysisWithoutSynonyms())) {
            second.refresh();
            assertThat(second.nearest(vector, 5, SearchRequest.of("土豆", Visibility.everything())))
                    .hasSize(1);
        }
    }
}
