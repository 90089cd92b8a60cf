package org.kepu.api.process;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** Multipart uploads streamed from a generator, as a client with a large file sends them. */
final class Uploads {

    private Uploads() {}

    static HttpResponse<String> post(
            HttpClient http, URI uri, String token, String metadata, String fileName, Supplier<InputStream> file)
            throws IOException, InterruptedException {
        String boundary = "kepu-" + UUID.randomUUID();
        String head = (metadata == null
                        ? ""
                        : "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                                + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n")
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        Supplier<InputStream> body = () -> new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)),
                file.get(),
                new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8)))));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> get(HttpClient http, URI uri, String token) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
