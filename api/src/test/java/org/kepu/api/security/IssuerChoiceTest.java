package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kepu.api.KepuApplication;
import org.kepu.api.config.KepuProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The development issuer runs only when chosen or when nothing at all is configured; it fails closed. */
class IssuerChoiceTest {

    private static final String KEYCLOAK = "http://127.0.0.1:8180/realms/kepu";

    @Test
    void nothingConfiguredMeansTheEmbeddedModeWithItsIssuer() {
        assertThat(IssuerChoice.devIssuer(
                        properties(KepuProperties.StoreType.FILESYSTEM, KepuProperties.SearchType.LUCENE, null, null)))
                .isTrue();
        assertThat(IssuerChoice.devIssuer(new KepuProperties(
                        Path.of("data"),
                        null,
                        new KepuProperties.Auth(" ", "", Duration.ofHours(8), null),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)))
                .isTrue();
    }

    @Test
    void aRealIssuerTurnsTheDevelopmentIssuerOff() {
        assertThat(IssuerChoice.devIssuer(properties(
                        KepuProperties.StoreType.S3, KepuProperties.SearchType.ELASTICSEARCH, KEYCLOAK, null)))
                .isFalse();
        assertThat(IssuerChoice.devIssuer(properties(
                        KepuProperties.StoreType.FILESYSTEM, KepuProperties.SearchType.LUCENE, KEYCLOAK, null)))
                .isFalse();
    }

    @Test
    void aProductionPartWithoutAnIssuerRefusesToStart() {
        assertThatThrownBy(() -> IssuerChoice.devIssuer(
                        properties(KepuProperties.StoreType.S3, KepuProperties.SearchType.LUCENE, null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kepu.store.type=s3")
                .hasMessageContaining("kepu.auth.issuer-uri")
                .hasMessageContaining("kepu.auth.dev-issuer.enabled=true");
        assertThatThrownBy(() -> IssuerChoice.devIssuer(properties(
                        KepuProperties.StoreType.FILESYSTEM, KepuProperties.SearchType.ELASTICSEARCH, null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kepu.search.type=elasticsearch");
    }

    @Test
    void choosingTheDevelopmentIssuerExplicitlyWorksWithProductionParts() {
        assertThat(IssuerChoice.devIssuer(
                        properties(KepuProperties.StoreType.S3, KepuProperties.SearchType.ELASTICSEARCH, null, true)))
                .isTrue();
    }

    @Test
    void contradictoryChoicesRefuseToStart() {
        assertThatThrownBy(() -> IssuerChoice.devIssuer(properties(
                        KepuProperties.StoreType.FILESYSTEM, KepuProperties.SearchType.LUCENE, KEYCLOAK, true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("choose one");
        assertThatThrownBy(() -> IssuerChoice.devIssuer(
                        properties(KepuProperties.StoreType.FILESYSTEM, KepuProperties.SearchType.LUCENE, null, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no token could ever be checked");
    }

    @Test
    void theDevelopmentIssuerAnswersLoopbackClientsUnlessOpened() {
        DevTokenIssuerHolder closed = new DevTokenIssuerHolder(null, false);
        assertThat(closed.answers(new InetSocketAddress("127.0.0.1", 40000))).isTrue();
        assertThat(closed.answers(new InetSocketAddress("::1", 40000))).isTrue();
        assertThat(closed.answers(new InetSocketAddress("192.0.2.7", 40000))).isFalse();
        assertThat(closed.answers(InetSocketAddress.createUnresolved("example.org", 40000)))
                .isFalse();
        assertThat(closed.answers(null)).isFalse();
        assertThat(new DevTokenIssuerHolder(null, true).answers(new InetSocketAddress("192.0.2.7", 40000)))
                .isTrue();
    }

    @Test
    void kepuDoesNotStartWithAnS3StoreAndNoIssuer() throws Exception {
        Path data = Files.createTempDirectory("kepu-no-issuer");
        SpringApplicationBuilder app = new SpringApplicationBuilder(KepuApplication.class)
                .properties(
                        "server.port=0",
                        "kepu.data-dir=" + data,
                        "kepu.store.type=s3",
                        "kepu.search.allow-local-index-with-shared-store=true",
                        // never contacted: the issuer check comes first
                        "kepu.store.endpoint=http://127.0.0.1:1",
                        "kepu.store.access-key=k",
                        "kepu.store.secret-key=s");
        assertThatThrownBy(() -> {
                    try (ConfigurableApplicationContext ignored = app.run()) {
                        // started: the assertion below fails
                    }
                })
                .hasStackTraceContaining("no identity provider");
    }

    private static KepuProperties properties(
            KepuProperties.StoreType store, KepuProperties.SearchType search, String issuer, Boolean devIssuer) {
        return new KepuProperties(
                Path.of("data"),
                new KepuProperties.Store(store, null, null, null, "kepu", false),
                new KepuProperties.Auth(
                        issuer, null, Duration.ofHours(8), new KepuProperties.DevIssuer(devIssuer, false)),
                null,
                null,
                new KepuProperties.Search(search, "http://localhost:9200", "kepu-works", false),
                null,
                null,
                null,
                null);
    }
}
