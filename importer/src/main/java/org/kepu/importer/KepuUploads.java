package org.kepu.importer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * kepu's upload route as the importer calls it: {@code POST /api/v1/works} with the metadata and the file
 * streamed from disk, the creator named in {@code onBehalfOf} and an {@code Idempotency-Key}, so that a
 * repeated upload answers the work the first one made.
 */
final class KepuUploads {

    /** What kepu answered: the work's id when it took the file, else why not. */
    record Answer(int status, Optional<String> workId, String reason, Optional<Duration> retryAfter) {

        boolean stored() {
            return status == 200 || status == 201;
        }

        /** Overload, an instance going away or the network: worth another try, unlike a refused file. */
        boolean transientFailure() {
            return status == 429 || status == 502 || status == 503 || status == 504 || status == 0;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String token;

    KepuUploads(URI base, String token) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.base = base;
        this.token = token;
    }

    Answer upload(Path file, String fileName, Sidecar sidecar, String idempotencyKey) throws InterruptedException {
        String boundary = "kepu-import-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + sidecar.metadata() + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + quoted(fileName) + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        String query = sidecar.creator()
                .map(c -> "?onBehalfOf=" + URLEncoder.encode(c, StandardCharsets.UTF_8))
                .orElse("");
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/works" + query))
                    .timeout(Duration.ofMinutes(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Idempotency-Key", idempotencyKey)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(
                            HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                            HttpRequest.BodyPublishers.ofFile(file),
                            HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return answer(response);
        } catch (IOException e) {
            return new Answer(0, Optional.empty(), "no answer from kepu: " + e, Optional.empty());
        }
    }

    private static Answer answer(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = Sidecar.JSON.readTree(response.body());
        } catch (JacksonException e) {
            body = null;
        }
        Optional<Duration> retryAfter =
                response.headers().firstValue("Retry-After").flatMap(KepuUploads::seconds);
        int status = response.statusCode();
        if ((status == 200 || status == 201) && body != null && body.hasNonNull("id")) {
            return new Answer(status, Optional.of(body.get("id").asString()), "", retryAfter);
        }
        String reason = body != null && body.hasNonNull("detail")
                ? body.get("detail").asString()
                : abbreviated(response.body());
        return new Answer(status, Optional.empty(), status + " " + reason, retryAfter);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String abbreviated(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }

    /** A file name inside a quoted header value: its own quotes and line breaks cannot end the value. */
    static String quoted(String fileName) {
        return fileName.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\r", " ")
                .replace("\n", " ");
    }
}
