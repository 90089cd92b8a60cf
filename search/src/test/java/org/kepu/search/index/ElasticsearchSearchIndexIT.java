package org.kepu.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.indices.GetMappingResponse;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Works;
import org.kepu.testkit.ElasticsearchServer;

/** The contract against a real Elasticsearch 9, each test behind its own alias. */
class ElasticsearchSearchIndexIT extends SearchIndexContract {

    private static final AtomicInteger ALIASES = new AtomicInteger();
    private String alias;

    @Override
    protected SearchIndex newIndex() {
        alias = "kepu-test-" + ALIASES.incrementAndGet();
        return ElasticsearchSearchIndex.connect(ElasticsearchServer.shared().url(), alias, Works.analysis());
    }

    @AfterEach
    void dropIndices() throws Exception {
        var indices = ((ElasticsearchSearchIndex) index).client().indices();
        // the cluster refuses wildcard deletes, so name each versioned index
        List<String> names =
                List.copyOf(indices.get(g -> g.index(alias + "-v*")).indices().keySet());
        if (!names.isEmpty()) {
            indices.delete(d -> d.index(names));
        }
    }

    @Test
    void theMappingComesFromProductionCodeAndTokenFieldsUseWhitespace() throws Exception {
        index.index(Works.work("w").saying("碳达峰").indexed());

        GetMappingResponse mapping =
                ((ElasticsearchSearchIndex) index).client().indices().getMapping(g -> g.index(alias));
        var properties =
                mapping.mappings().values().iterator().next().mappings().properties();

        assertThat(properties.get("body").text().analyzer()).isEqualTo("whitespace");
        assertThat(properties.get("status").isKeyword()).isTrue();
        assertThat(index.liveName()).isEqualTo(alias + "-v1");
    }

    @Test
    void anUnreachableClusterIsReportedAsUnavailable() {
        try (SearchIndex dead =
                ElasticsearchSearchIndex.connect(URI.create("http://127.0.0.1:9"), "kepu-dead", Works.analysis())) {
            assertThatThrownBy(() -> dead.search(SearchRequest.of("碳中和", Visibility.everything())))
                    .isInstanceOf(SearchUnavailableException.class);
            assertThatThrownBy(() -> dead.index(Works.work("w").indexed()))
                    .isInstanceOf(SearchUnavailableException.class);
        }
    }
}
