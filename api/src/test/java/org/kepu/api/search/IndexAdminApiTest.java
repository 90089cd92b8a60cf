package org.kepu.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.api.testing.DevTokens.token;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.index.RebuildLease;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Rebuilds one at a time across instances, and the works the index refused, as admins see them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class IndexAdminApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-index-admin").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    WorkRepository works;

    private Map<String, Object> get(String token, String uri) {
        return web.get()
                .uri(uri)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec startRebuild(String token) {
        return web.post()
                .uri("/api/v1/admin/reindex")
                .headers(h -> h.setBearerAuth(token))
                .exchange();
    }

    @Test
    void aRebuildRunningOnAnotherInstanceMakesASecondOneAConflictThatShowsItsProgress() throws Exception {
        String root = token(web, "root", "admin");
        // another instance sharing the store holds the lease and has come 3 of 10 works far
        RebuildLease elsewhere =
                new RebuildLease(works.store(), "instance-elsewhere", Duration.ofMinutes(1), Clock.systemUTC());
        RebuildLease.Held held = elsewhere.acquire().orElseThrow();
        held.renew(3, 10);

        Map<String, Object> conflict = startRebuild(root)
                .expectStatus()
                .isEqualTo(409)
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(conflict)
                .containsEntry("type", "urn:kepu:problem:conflict")
                .containsEntry("state", "RUNNING")
                .containsEntry("runningOn", "instance-elsewhere")
                .containsEntry("done", 3)
                .containsEntry("total", 10);
        assertThat(get(root, "/api/v1/admin/reindex"))
                .containsEntry("state", "RUNNING")
                .containsEntry("runningOn", "instance-elsewhere");

        held.close();
        startRebuild(root).expectStatus().isAccepted().expectBody().returnResult();
        Instant deadline = Instant.now().plusSeconds(60);
        Map<String, Object> progress = get(root, "/api/v1/admin/reindex");
        while (!"DONE".equals(progress.get("state")) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            progress = get(root, "/api/v1/admin/reindex");
        }
        assertThat(progress).containsEntry("state", "DONE");
        // released at the end: the next rebuild may start
        assertThat(elsewhere.current()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWorkTheIndexRefusesIsListedForAdminsWhileTheOthersAreFound() throws Exception {
        String root = token(web, "root", "admin");
        String alice = token(web, "alice", "creator");
        // a keyword no index takes (over 32766 bytes), written past the upload's own checks
        works.create(aWork("refused-work", "超长主题", "x".repeat(40_000)));
        works.create(aWork("ordinary-work", "台风防御指南", "disaster"));

        // generous: the first analysis in a JVM loads the segmenter's dictionaries, slow on a busy machine
        Instant deadline = Instant.now().plusSeconds(90);
        Map<String, Object> parked = get(root, "/api/v1/admin/index/parked");
        while (((List<?>) parked.get("items")).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            parked = get(root, "/api/v1/admin/index/parked");
        }

        // should the outbox indexer not get to it, what its threads were doing is worth more than the count
        assertThat(parked).as(IndexAdminApiTest::indexerThreads).containsEntry("total", 1);
        Map<String, Object> item = ((List<Map<String, Object>>) parked.get("items")).get(0);
        assertThat(item).containsEntry("workId", "refused-work").containsEntry("revision", 1);
        assertThat((String) item.get("reason")).contains("immense term");
        assertThat(Instant.parse((String) item.get("since")))
                .isBefore(Instant.now().plusSeconds(1));
        Map<String, Object> found = get(root, "/api/v1/search?q=台风防御");
        assertThat((List<Map<String, Object>>) found.get("hits"))
                .extracting(hit -> hit.get("id"))
                .contains("ordinary-work");
        web.get()
                .uri("/api/v1/admin/index/parked")
                .headers(h -> h.setBearerAuth(alice))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .returnResult();
    }

    /** The stacks of the indexing threads of every context in this JVM. */
    private static String indexerThreads() {
        StringBuilder out = new StringBuilder("parked works; the indexing threads now:");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("kepu-index")) {
                out.append("\n").append(thread.getName()).append(' ').append(thread.getState());
                for (StackTraceElement frame : stack) {
                    out.append("\n    at ").append(frame);
                }
            }
        });
        return out.toString();
    }

    private static Work aWork(String id, String title, String topic) {
        WorkMetadata metadata = new WorkMetadata(
                title, "", "article", List.of(topic), List.of("public"), "CC BY 4.0", List.of(), false);
        Instant now = Instant.now();
        return new Work(id, 0, "alice", metadata, WorkStatus.IN_REVIEW, null, List.of(), null, now, now);
    }
}
