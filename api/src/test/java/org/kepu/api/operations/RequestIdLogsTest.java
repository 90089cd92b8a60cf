package org.kepu.api.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kepu.api.testing.DevTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * With JSON logs on, a line logged by a request's code carries that request's id, also when the code runs
 * on another thread than the one that received the request.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.structured.format.console=ecs")
@AutoConfigureWebTestClient(timeout = "60s")
@ExtendWith(OutputCaptureExtension.class)
@Import(RequestIdLogsTest.Hops.class)
class RequestIdLogsTest {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-request-ids").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    /** Logs on the event loop, then again after hopping to a blocking-work thread. */
    @TestConfiguration
    @RestController
    static class Hops {
        private static final Logger log = LoggerFactory.getLogger(Hops.class);

        @GetMapping("/test/hops")
        Mono<String> hops() {
            log.info("before the hop on {}", Thread.currentThread().getName());
            return Mono.fromCallable(() -> {
                        log.info("after the hop on {}", Thread.currentThread().getName());
                        return "ok";
                    })
                    .subscribeOn(Schedulers.boundedElastic());
        }
    }

    @Test
    void theCallersRequestIdIsOnEveryLineOfItsRequestAndInTheAnswer(CapturedOutput output) {
        String token = DevTokens.token(web, "log-reader", "creator");
        String answered = web.get()
                .uri("/test/hops")
                .headers(h -> h.setBearerAuth(token))
                .header("X-Request-Id", "trace-4711")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("X-Request-Id");
        assertThat(answered).isEqualTo("trace-4711");
        List<String> lines = output.getOut()
                .lines()
                .filter(line -> line.contains("the hop on"))
                .toList();
        assertThat(lines)
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("{").contains("\"requestId\":\"trace-4711\""));
        assertThat(lines.get(1)).contains("boundedElastic");
    }

    @Test
    void withoutAnUsableIdFromTheCallerKepuMakesOneAndProblemsCarryIt() {
        var result = web.get()
                .uri("/api/v1/works/none")
                .header("X-Request-Id", "has spaces\tand tabs")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .returnResult();
        String id = result.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(id).isNotBlank().doesNotContain(" ");
        assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8))
                .contains("\"requestId\":\"" + id + "\"");
    }
}
