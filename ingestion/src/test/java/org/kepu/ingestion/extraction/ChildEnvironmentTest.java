package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.extraction.ExtractionOutcome.Success;

/** A child parsing hostile files must not be able to read the store's credentials. */
class ChildEnvironmentTest {

    private static final String SECRET = "s3cr3t-for-the-store";

    @TempDir
    Path dir;

    @Test
    void aChildSeesNoneOfTheParentsSecrets() throws IOException {
        Map<String, String> parent = new HashMap<>(System.getenv());
        parent.put("KEPU_S3_SECRET_KEY", SECRET);
        parent.put("AWS_SECRET_ACCESS_KEY", SECRET);
        parent.put("MINIO_ROOT_PASSWORD", SECRET);
        parent.put("JAVA_TOOL_OPTIONS", "-Dkepu.store.secret-key=" + SECRET);
        parent.put("PATH", "/usr/bin:/bin");
        System.setProperty("kepu.store.secret-key", SECRET);
        ExtractionSettings settings = new ExtractionSettings(1, Duration.ofSeconds(30), 1000, "64m", 1);
        try (TextExtractor extractor = new TextExtractor(settings, EnvironmentWorkerMain.class.getName(), parent)) {
            Path file = Files.writeString(dir.resolve("a.txt"), "科普");
            ExtractionOutcome outcome = extractor.extract(file, "a.txt", "text/plain; charset=UTF-8");
            assertThat(outcome).isInstanceOf(Success.class);
            List<String> seen = Files.readAllLines(((Success) outcome).text(), StandardCharsets.UTF_8);

            assertThat(seen).as("the child reported what it sees").contains("env PATH=/usr/bin:/bin");
            assertThat(seen).noneMatch(line -> line.contains(SECRET));
            assertThat(seen.stream()
                            .filter(line -> line.startsWith("env "))
                            .map(line -> line.substring(4, line.indexOf('=')).toUpperCase(Locale.ROOT)))
                    .isSubsetOf(WorkerCommand.INHERITED_ENVIRONMENT);
        } finally {
            System.clearProperty("kepu.store.secret-key");
        }
    }
}
