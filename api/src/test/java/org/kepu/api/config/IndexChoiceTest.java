package org.kepu.api.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kepu.api.KepuApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class IndexChoiceTest {

    @Test
    void aLocalIndexBesideTheSharedStoreIsRefusedNamingWhatToSet() {
        assertThatThrownBy(() -> IndexChoice.check(
                        properties(KepuProperties.StoreType.S3, KepuProperties.SearchType.LUCENE, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kepu.search.type=elasticsearch")
                .hasMessageContaining("kepu.search.url")
                .hasMessageContaining("kepu.search.allow-local-index-with-shared-store=true");
    }

    @Test
    void elasticsearchALocalStoreOrADeclaredSingleInstanceStart() {
        assertThatCode(() -> IndexChoice.check(
                        properties(KepuProperties.StoreType.S3, KepuProperties.SearchType.ELASTICSEARCH, false)))
                .doesNotThrowAnyException();
        assertThatCode(() -> IndexChoice.check(
                        properties(KepuProperties.StoreType.FILESYSTEM, KepuProperties.SearchType.LUCENE, false)))
                .doesNotThrowAnyException();
        assertThatCode(() -> IndexChoice.check(
                        properties(KepuProperties.StoreType.S3, KepuProperties.SearchType.LUCENE, true)))
                .doesNotThrowAnyException();
    }

    @Test
    void kepuDoesNotStartWithAnS3StoreAndALocalIndex() throws Exception {
        Path data = Files.createTempDirectory("kepu-local-index");
        SpringApplicationBuilder app = new SpringApplicationBuilder(KepuApplication.class)
                .properties(
                        "server.port=0",
                        "kepu.data-dir=" + data,
                        "kepu.auth.dev-issuer.enabled=true",
                        "kepu.store.type=s3",
                        // never contacted: the check comes with the store
                        "kepu.store.endpoint=http://127.0.0.1:1",
                        "kepu.store.access-key=k",
                        "kepu.store.secret-key=s");
        assertThatThrownBy(() -> {
                    try (ConfigurableApplicationContext ignored = app.run()) {
                        // started: the assertion below fails
                    }
                })
                .hasStackTraceContaining("kepu.search.allow-local-index-with-shared-store=true");
    }

    private static KepuProperties properties(
            KepuProperties.StoreType store, KepuProperties.SearchType search, boolean singleInstance) {
        return new KepuProperties(
                Path.of("data"),
                new KepuProperties.Store(store, null, null, null, "kepu", false),
                null,
                null,
                null,
                new KepuProperties.Search(search, "http://localhost:9200", "kepu-works", singleInstance),
                null,
                null,
                null,
                null);
    }
}
