package org.kepu.api.review;

import org.kepu.testkit.ElasticsearchServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same malformed requests with kepu on a real Elasticsearch 9, where a query of many clauses, a deep
 * page or a forged cursor would reach the cluster and come back as its own error if kepu let them through.
 */
class NeverA500ElasticsearchIT extends NeverA500ApiTest {

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) throws Exception {
        registry.add("kepu.search.type", () -> "elasticsearch");
        registry.add("kepu.auth.dev-issuer.enabled", () -> "true");
        registry.add("kepu.search.url", () -> ElasticsearchServer.shared().url().toString());
        registry.add("kepu.search.index", () -> "kepu-never-500-" + System.nanoTime());
    }
}
