package org.kepu.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer against a stand-in for kepu's upload route that answers as kepu does. */
class BulkImportTest {

    @TempDir
    Path folder;

    @TempDir
    Path state;

    HttpServer kepu;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> workByKey = new ConcurrentHashMap<>();
    final AtomicBoolean busyOnce = new AtomicBoolean(true);

    @BeforeEach
    void start() throws IOException {
        kepu = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kepu.createContext("/api/v1/works", this::upload);
        kepu.start();
    }

    @AfterEach
    void stop() {
        kepu.stop(0);
    }

    @Test
    void importsEachWorkOnceForItsCreatorRetriesOverloadAndListsRefusalsWithKepusReason() throws Exception {
        work("地震.md", "{\"creator\":\"alice\",\"title\":\"地震\",\"kind\":\"article\"}");
        work("busy.md", "{\"creator\":\"bob\",\"title\":\"忙\",\"kind\":\"article\"}");
        work("refused.md", "{\"creator\":\"alice\",\"title\":\"空\",\"kind\":\"article\"}");
        Files.writeString(folder.resolve("nosidecar.pdf"), "%PDF");

        BulkImport.Report first = run();

        assertThat(first.works()).isEqualTo(3);
        assertThat(first.imported()).isEqualTo(2);
        assertThat(first.failed())
                .containsExactly(
                        new Sources.Failure("nosidecar.pdf", "no metadata sidecar nosidecar.pdf.json"),
                        new Sources.Failure("refused.md", "422 The file is empty."));
        assertThat(requests).anyMatch(r -> r.startsWith("onBehalfOf=alice ") && r.contains("\"title\":\"地震\""));
        assertThat(requests).anyMatch(r -> r.startsWith("onBehalfOf=bob ") && r.contains("429"));
        assertThat(requests).noneMatch(r -> r.contains("creator"));

        requests.clear();
        BulkImport.Report second = run();

        assertThat(second.alreadyImported()).isEqualTo(2);
        assertThat(second.imported()).isZero();
        // Only the refused file is tried again.
        assertThat(requests).hasSize(1).allMatch(r -> r.contains("\"title\":\"空\""));
    }

    @Test
    void aFileKepuAlreadyHasIsJournaledAsTheWorkItMadeNotImportedAgain() throws Exception {
        work("地震.md", "{\"creator\":\"alice\",\"title\":\"地震\",\"kind\":\"article\"}");
        BulkImport.Report first = run();
        Files.delete(state.resolve("journal"));

        BulkImport.Report second = run();

        assertThat(first.imported()).isEqualTo(1);
        assertThat(second.imported()).isZero();
        assertThat(second.repeated()).isEqualTo(1);
        assertThat(Files.readString(state.resolve("journal")))
                .isEqualTo("地震.md\t" + workByKey.values().iterator().next() + "\n");
    }

    @Test
    void theKeyNamesThePathAndTheContent() throws Exception {
        Path a = Files.writeString(folder.resolve("a.md"), "一");
        String key = BulkImport.idempotencyKey(new Sources.SourceWork(a, a, "a.md"));
        assertThat(key).matches("import:[0-9a-f]{32}:sha256:[0-9a-f]{64}");
        assertThat(BulkImport.idempotencyKey(new Sources.SourceWork(a, a, "b.md")))
                .isNotEqualTo(key);
        Files.writeString(a, "二");
        assertThat(BulkImport.idempotencyKey(new Sources.SourceWork(a, a, "a.md")))
                .isNotEqualTo(key);
    }

    private BulkImport.Report run() throws Exception {
        KepuUploads uploads = new KepuUploads(
                URI.create("http://127.0.0.1:" + kepu.getAddress().getPort()), "t0k");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (Journal journal = Journal.open(state.resolve("journal"))) {
            return new BulkImport(uploads, 2, out, false).run(folder, journal);
        }
    }

    private void work(String name, String sidecar) throws IOException {
        Files.writeString(folder.resolve(name), "# " + name);
        Files.writeString(folder.resolve(name + ".json"), sidecar);
    }

    private void upload(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String query = exchange.getRequestURI().getQuery();
        if (!"Bearer t0k".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"detail\":\"no token\"}");
        } else if (body.contains("busy.md") && busyOnce.getAndSet(false)) {
            requests.add(query + " 429");
            exchange.getResponseHeaders().add("Retry-After", "0");
            answer(exchange, 429, "{\"detail\":\"slow down\"}");
        } else if (body.contains("refused.md")) {
            requests.add(query + " " + body);
            answer(exchange, 422, "{\"detail\":\"The file is empty.\"}");
        } else {
            requests.add(query + " " + body);
            boolean known = workByKey.containsKey(key);
            String id = workByKey.computeIfAbsent(key, k -> UUID.randomUUID().toString());
            answer(exchange, known ? 200 : 201, "{\"id\":\"" + id + "\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
