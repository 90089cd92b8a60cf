package org.kepu.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Repositories;
import org.kepu.search.testing.Works;
import org.kepu.testkit.ElasticsearchServer;

/** The outbox against a real Elasticsearch: unreachable first, then up. */
class IndexerIT {

    @Test
    void anUnreachableClusterLeavesTheOutboxForTheNextPassAndARebuildSwitchesTheAlias() throws Exception {
        WorkRepository repository = Repositories.inMemory();
        Repositories.uploaded(repository, "w1", "防震减灾知识", List.of("disaster"));
        Repositories.extracted(repository, "w1", "地震预警可以为避险争取宝贵的几秒钟。");
        WorkDocuments documents = Works.documents();

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SearchIndex down = ElasticsearchSearchIndex.connect(
                URI.create("http://127.0.0.1:" + closedPort), "kepu-indexer-it", Works.analysis())) {
            assertThatThrownBy(() -> new Indexer(repository, documents, down).drainOnce())
                    .isInstanceOf(SearchUnavailableException.class);
        }
        assertThat(repository.outbox()).hasSize(2);

        try (SearchIndex up = ElasticsearchSearchIndex.connect(
                ElasticsearchServer.shared().url(), "kepu-indexer-it", Works.analysis())) {
            Indexer.Pass pass = new Indexer(repository, documents, up).drainOnce();
            up.refresh();

            assertThat(pass.indexed()).isEqualTo(1);
            assertThat(repository.outbox()).isEmpty();
            assertThat(up.revision("w1")).contains(2L);
            assertThat(up.search(SearchRequest.of("地震预警", Visibility.everything()))
                            .total())
                    .isEqualTo(1);

            Reindexer.Report report = new Reindexer(repository, documents, up).rebuild((done, total) -> {});
            up.refresh();
            assertThat(report.index()).isEqualTo("kepu-indexer-it-v2");
            assertThat(up.liveName()).isEqualTo("kepu-indexer-it-v2");
            assertThat(up.revision("w1")).contains(2L);
            assertThat(up.search(SearchRequest.of("防震减灾", Visibility.everything()))
                            .total())
                    .isEqualTo(1);
        }
    }
}
