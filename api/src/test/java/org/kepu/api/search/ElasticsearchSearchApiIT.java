package org.kepu.api.search;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.kepu.testkit.ElasticsearchServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The same search scenario with kepu on a real Elasticsearch 9. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ElasticsearchSearchApiIT {

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-es-api").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.search.type", () -> "elasticsearch");
        registry.add("kepu.auth.dev-issuer.enabled", () -> "true");
        registry.add("kepu.search.url", () -> ElasticsearchServer.shared().url().toString());
        registry.add("kepu.search.index", () -> "kepu-api-it-" + System.nanoTime());
    }

    @Autowired
    WebTestClient web;

    @Test
    void findsFiltersHighlightsAndRebuilds() {
        new SearchScenario(web).run();
    }
}
