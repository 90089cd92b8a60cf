package org.kepu.api.stats;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.kepu.api.review.OffsetClock;
import org.kepu.testkit.ElasticsearchServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The statistics of the same known history with kepu on a real Elasticsearch 9: the facts come from its documents. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class StatsElasticsearchIT {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        OffsetClock offsetClock() {
            return new OffsetClock();
        }
    }

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-stats-es").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.search.type", () -> "elasticsearch");
        registry.add("kepu.auth.dev-issuer.enabled", () -> "true");
        registry.add("kepu.search.url", () -> ElasticsearchServer.shared().url().toString());
        registry.add("kepu.search.index", () -> "kepu-stats-it-" + System.nanoTime());
        registry.add("kepu.extraction.timeout", () -> "30s");
        registry.add("kepu.review.deadline-sweep-interval", () -> "1h");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    OffsetClock clock;

    @Test
    void theFiguresOfAKnownHistoryComeFromElasticsearchDocuments() {
        StatsScenario history = new StatsScenario(web, clock).replay();
        history.editorsSeeEveryFigure();
        history.editorsGetTheFiguresAsCsv();
        history.aCreatorSeesHerOwnWorksOnly();
    }
}
