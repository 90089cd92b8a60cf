package org.kepu.api.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The description served at {@code /v3/api-docs} and shown by Swagger UI: every route takes a bearer JWT
 * unless it says otherwise. Example requests and answers live in {@code openapi-examples.json}, keyed by
 * {@code "METHOD /path"}, rather than in annotations on the controllers; {@code "#name"} refers to an entry
 * of its {@code shared} section.
 */
@Configuration
class OpenApiConfig {

    private static final String EXAMPLES = "openapi-examples.json";

    @Bean
    OpenAPI kepuOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("kepu API")
                        .version("v1")
                        .description("Upload, review and publication of popular-science works. Errors are RFC 9457"
                                + " problem documents (application/problem+json) with a requestId."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /**
     * The examples are read when the description is first asked for, not at start-up: their reader,
     * swagger's object mapper, takes a noticeable part of a second to set up.
     */
    @Bean
    OpenApiCustomizer examples() {
        return api -> {
            JsonNode examples = Examples.ALL;
            api.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        JsonNode example = examples.get(method + " " + path);
                        if (example != null) {
                            apply(operation, example, examples.get("shared"));
                        }
                    }));
        };
    }

    private static final class Examples {
        static final JsonNode ALL = read();

        private Examples() {}
    }

    private static void apply(Operation operation, JsonNode example, JsonNode shared) {
        if (example.has("request") && operation.getRequestBody() != null) {
            set(operation.getRequestBody().getContent(), resolve(example.get("request"), shared));
        }
        if (example.has("response") && operation.getResponses() != null) {
            JsonNode answer = resolve(example.get("response"), shared);
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    set(response.getContent(), answer);
                }
            });
        }
    }

    private static void set(Content content, JsonNode example) {
        if (content != null) {
            content.values().forEach(media -> media.setExample(example));
        }
    }

    /** Replaces {@code "#name"} strings, also as list items, by the shared example of that name. */
    private static JsonNode resolve(JsonNode node, JsonNode shared) {
        if (node.isTextual()
                && node.asText().startsWith("#")
                && shared.has(node.asText().substring(1))) {
            return shared.get(node.asText().substring(1));
        }
        if (node.isArray()) {
            ArrayNode resolved = Json.mapper().createArrayNode();
            node.forEach(item -> resolved.add(resolve(item, shared)));
            return resolved;
        }
        return node;
    }

    private static JsonNode read() {
        try (InputStream in = OpenApiConfig.class.getResourceAsStream(EXAMPLES)) {
            if (in == null) {
                throw new IllegalStateException(EXAMPLES + " is missing");
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
