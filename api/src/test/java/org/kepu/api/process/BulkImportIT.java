package org.kepu.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar kepu.jar import DIR} as an operator runs it: 1,000 works for five creators, the importer
 * killed with SIGKILL halfway, then run again; kepu ends with each work exactly once, owned by its creator.
 */
class BulkImportIT {

    private static final Logger log = LoggerFactory.getLogger(BulkImportIT.class);
    private static final int WORKS = 1000;
    private static final List<String> CREATORS = List.of("alice", "bob", "carol", "dave", "erin");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;

    @TempDir
    Path folder;

    @TempDir
    Path state;

    @Test
    void anImportKilledHalfwayFinishesOnRerunWithEveryWorkOnceAndItsCreatorKept() throws Exception {
        Map<String, String> creatorOfTitle = generate();
        try (KepuProcess kepu = new KepuProcess(data, List.of("-Xmx512m"), List.of()).start()) {
            String admin = kepu.token("importer", "admin");
            List<String> command = command(kepu, admin);

            Process first = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(state.resolve("first.log").toFile())
                    .start();
            awaitJournal(first, WORKS / 2);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no last journal line
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            long journaledAtKill = journalLines();
            assertThat(journaledAtKill).isBetween(1L, WORKS - 1L);

            Process second = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(state.resolve("second.log").toFile())
                    .start();
            assertThat(second.waitFor(10, TimeUnit.MINUTES)).isTrue();
            String output = Files.readString(state.resolve("second.log"));
            assertThat(second.exitValue()).as(output).isZero();
            log.info("after SIGKILL at {} journaled works, the rerun said:\n{}", journaledAtKill, output);

            assertThat(output).containsPattern("\\[#{30}\\] 1000/1000 100%  [0-9.]+ works/s");
            JsonNode summary = JSON.readTree(state.resolve("summary.json").toFile());
            assertThat(summary.get("works").asInt()).isEqualTo(WORKS);
            assertThat(summary.get("failed").size()).isZero();
            assertThat(summary.get("alreadyImported").asInt()).isGreaterThanOrEqualTo((int) journaledAtKill);
            assertThat(summary.get("imported").asInt()
                            + summary.get("repeated").asInt()
                            + summary.get("alreadyImported").asInt())
                    .isEqualTo(WORKS);
            assertThat(summary.get("worksPerSecond").asDouble()).isPositive();
        }
        // The object store, read as kepu reads it: every title once, owned by the creator its sidecar names.
        Map<String, String> stored = storedWorks();
        assertThat(stored).hasSize(WORKS).isEqualTo(creatorOfTitle);
    }

    private Map<String, String> generate() throws IOException {
        Map<String, String> creatorOfTitle = new HashMap<>();
        for (int i = 0; i < WORKS; i++) {
            String creator = CREATORS.get(i % CREATORS.size());
            String title = "防灾科普第" + i + "篇";
            Path dir = Files.createDirectories(folder.resolve("卷" + i / 100));
            Files.writeString(
                    dir.resolve("篇" + i + ".md"),
                    "# " + title + "\n\n遇到地震时，就近躲避在坚固的桌子下，保护好头部。编号" + i + "。\n",
                    StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve("篇" + i + ".md.json"),
                    "{\"creator\":\"" + creator + "\",\"title\":\"" + title
                            + "\",\"kind\":\"article\",\"topics\":[\"disaster\"],\"audiences\":[\"public\"]}",
                    StandardCharsets.UTF_8);
            creatorOfTitle.put(title, creator);
        }
        return creatorOfTitle;
    }

    private List<String> command(KepuProcess kepu, String token) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(Path.of("target", "kepu.jar").toString());
        command.add("import");
        command.add(folder.toString());
        command.add("--url");
        command.add(kepu.uri("/").toString());
        command.add("--token");
        command.add(token);
        command.add("--journal");
        command.add(state.resolve("journal").toString());
        command.add("--summary");
        command.add(state.resolve("summary.json").toString());
        return command;
    }

    private void awaitJournal(Process importer, int lines) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (journalLines() < lines) {
            assertThat(importer.isAlive())
                    .as("importer ended early:\n%s", Files.readString(state.resolve("first.log")))
                    .isTrue();
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private long journalLines() throws IOException {
        Path journal = state.resolve("journal");
        if (!Files.exists(journal)) {
            return 0;
        }
        return Files.readString(journal).chars().filter(c -> c == '\n').count();
    }

    private Map<String, String> storedWorks() {
        WorkRepository works =
                new WorkRepository(new FileSystemObjectStore(data.resolve("objects")), Clock.systemUTC());
        Map<String, String> creatorOfTitle = new HashMap<>();
        for (String id : works.ids()) {
            Work work = works.find(id).orElseThrow();
            assertThat(creatorOfTitle.put(work.metadata().title(), work.owner()))
                    .as("a second work titled %s", work.metadata().title())
                    .isNull();
        }
        return creatorOfTitle;
    }
}
