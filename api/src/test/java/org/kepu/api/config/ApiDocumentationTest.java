package org.kepu.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The OpenAPI document a person reads in Swagger UI: every operation answers a typed schema (never a bare
 * map) and shows an example answer, and an example request where it takes a body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ApiDocumentationTest {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-api-docs").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Test
    void everyOperationHasATypedAnswerAndExamples() {
        String document = new KepuClient(web).publicText("/v3/api-docs");
        Map<String, Map<String, Object>> paths = JsonPath.read(document, "$.paths");
        List<String> gaps = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                operations++;
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                gaps.addAll(gaps(name, operation.getValue()));
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(35);
        assertThat(gaps).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> gaps(String name, Object operation) {
        List<String> gaps = new ArrayList<>();
        Map<String, Object> op = (Map<String, Object>) operation;
        Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
        var answers = responses.entrySet().stream()
                .filter(r -> r.getKey().startsWith("2") || r.getKey().startsWith("3"))
                .toList();
        if (answers.isEmpty()) {
            gaps.add(name + ": no successful answer");
        }
        for (var answer : answers) {
            Map<String, Map<String, Object>> content =
                    (Map<String, Map<String, Object>>) answer.getValue().get("content");
            if (content == null) {
                continue; // 204, 302: no body to describe
            }
            boolean example = false;
            for (var media : content.entrySet()) {
                Map<String, Object> schema =
                        (Map<String, Object>) media.getValue().get("schema");
                if (!typed(schema)) {
                    gaps.add(name + " " + answer.getKey() + " " + media.getKey() + ": untyped " + schema);
                }
                example |= media.getValue().get("example") != null;
            }
            if (!example) {
                gaps.add(name + " " + answer.getKey() + ": no example answer");
            }
        }
        Map<String, Object> body = (Map<String, Object>) op.get("requestBody");
        if (body != null) {
            Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) body.get("content");
            for (var media : content.entrySet()) {
                if (media.getValue().get("example") == null) {
                    gaps.add(name + " " + media.getKey() + ": no example request");
                }
            }
        }
        return gaps;
    }

    /** A reference to a named schema, a list of them, or a plain value; not an object of anything. */
    @SuppressWarnings("unchecked")
    private static boolean typed(Map<String, Object> schema) {
        if (schema == null) {
            return false;
        }
        if (schema.containsKey("$ref")) {
            return true;
        }
        Object type = schema.get("type");
        if ("array".equals(type)) {
            return typed((Map<String, Object>) schema.get("items"));
        }
        return "string".equals(type) || "integer".equals(type) || "boolean".equals(type) || "number".equals(type);
    }
}
