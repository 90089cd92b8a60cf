package org.kepu.api.works;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Kinds and audiences given by their Chinese names: an upload keeps and answers the English codes, search
 * and statistics filter by the names, and an unknown value is a problem listing codes and names alike.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ChineseMetadataNamesApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-chinese-names").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Test
    void anUploadAndASearchFilterTakeChineseNamesAndAnswerCodes() {
        KepuClient kepu = new KepuClient(web);
        String carol = kepu.token("carol", "creator");
        String id = kepu.upload(
                carol,
                "{\"title\":\"汛期安全漫画\",\"kind\":\"漫画\",\"topics\":[\"防汛\"],\"audiences\":[\"领导干部\",\"老年人\"]}",
                "# 汛期安全\n\n暴雨来临前，检查排水沟是否通畅，把贵重物品搬到高处。\n");

        Map<String, Object> work = kepu.work(carol, id);
        assertThat(work.toString()).contains("kind=comic").contains("audiences=[officials, elderly]");

        Map<String, Object> found = awaitHit(carol, "/api/v1/search?q=汛期&kind=漫画&audience=公务员", id);
        assertThat(found.toString()).contains("kind=comic").contains("audiences=[officials, elderly]");
        Map<String, Object> none = search(carol, "/api/v1/search?q=汛期&kind=视频");
        assertThat(none.get("total")).isEqualTo(0);
    }

    @Test
    void anUnknownNameIsAProblemListingCodesAndChineseNames() {
        KepuClient kepu = new KepuClient(web);
        String carol = kepu.token("carol", "creator");
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("metadata", "{\"title\":\"小说一篇\",\"kind\":\"小说\"}", MediaType.APPLICATION_JSON);
        parts.part("file", "正文".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .filename("a.md")
                .contentType(MediaType.APPLICATION_OCTET_STREAM);

        String upload = web.post()
                .uri("/api/v1/works")
                .headers(h -> h.setBearerAuth(carol))
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(upload).contains("comic (漫画").contains("article (文章");

        String filter = web.get()
                .uri("/api/v1/search?q=汛期&audience=学生")
                .headers(h -> h.setBearerAuth(carol))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(filter).contains("officials (公务员、领导干部").contains("youth (青少年");

        String stats = web.get()
                .uri("/api/v1/stats?kind=小说")
                .headers(h -> h.setBearerAuth(carol))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(stats).contains("comic (漫画");
        web.get()
                .uri("/api/v1/stats?kind=漫画&audience=老年人")
                .headers(h -> h.setBearerAuth(carol))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult();
    }

    private Map<String, Object> awaitHit(String token, String uri, String id) {
        Map<String, Object> page =
                KepuClient.until(() -> search(token, uri), p -> p.toString().contains(id));
        assertThat(page.toString()).contains(id);
        return page;
    }

    private Map<String, Object> search(String token, String uri) {
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
}
