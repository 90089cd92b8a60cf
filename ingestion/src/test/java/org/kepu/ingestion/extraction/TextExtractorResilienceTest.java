package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.detect.Corpus;
import org.kepu.ingestion.detect.HostileZips;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.kepu.ingestion.extraction.ExtractionOutcome.Failure;
import org.kepu.ingestion.extraction.ExtractionOutcome.FailureKind;
import org.kepu.ingestion.extraction.ExtractionOutcome.Success;

/** Children that hang or die must be killed and replaced without the caller noticing beyond one file. */
class TextExtractorResilienceTest {

    private static final ExtractionSettings SETTINGS = new ExtractionSettings(1, Duration.ofSeconds(4), 50, "256m", 3);

    @TempDir
    Path dir;

    @Test
    void aHangingParseIsStoppedAndThePoolKeepsWorking() throws IOException {
        try (TextExtractor extractor = new TextExtractor(SETTINGS, FlakyWorkerMain.class.getName())) {
            Path good = file("good.docx", Corpus.docx(Corpus.VACCINES));
            assertThat(extractor.extract(good, "good.docx", MediaTypeDetector.DOCX))
                    .isInstanceOf(Success.class);
            long before = System.nanoTime();
            ExtractionOutcome hung = extractor.extract(good, "evil.hang", MediaTypeDetector.DOCX);
            Duration took = Duration.ofNanos(System.nanoTime() - before);
            assertThat(hung)
                    .isEqualTo(
                            new Failure(FailureKind.TIMEOUT, "Reading the file took longer than 4 s and was stopped."));
            assertThat(took).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(10));
            assertThat(textOf(extractor.extract(good, "good.docx", MediaTypeDetector.DOCX)))
                    .contains(Corpus.VACCINES);
        }
    }

    @Test
    void whatNativeCodeInTheChildPrintsToStdoutIsNotTakenForAReply() throws IOException {
        try (TextExtractor extractor = new TextExtractor(SETTINGS, NoisyWorkerMain.class.getName())) {
            for (int i = 0; i < 3; i++) {
                Path file = Files.writeString(dir.resolve("a" + i + ".txt"), "科普");
                ExtractionOutcome outcome = extractor.extract(file, "a.txt", "text/plain; charset=UTF-8");
                assertThat(outcome).isInstanceOf(Success.class);
                assertThat(((Success) outcome).chars()).isEqualTo(2);
                Files.deleteIfExists(((Success) outcome).text());
            }
            assertThat(extractor.childPids()).hasSize(1);
        }
    }

    @Test
    void aCrashedChildIsReplaced() throws IOException {
        try (TextExtractor extractor = new TextExtractor(SETTINGS, FlakyWorkerMain.class.getName())) {
            Path good = file("good.docx", Corpus.docx(Corpus.BLACK_HOLES));
            assertThat(extractor.extract(good, "good.docx", MediaTypeDetector.DOCX))
                    .isInstanceOf(Success.class);
            Set<Long> before = extractor.childPids();
            assertThat(extractor.extract(good, "evil.crash", MediaTypeDetector.DOCX))
                    .isEqualTo(new Failure(
                            FailureKind.CRASHED, "Reading the file stopped unexpectedly; the file may be damaged."));
            assertThat(textOf(extractor.extract(good, "good.docx", MediaTypeDetector.DOCX)))
                    .contains(Corpus.BLACK_HOLES);
            assertThat(extractor.childPids()).hasSize(1).doesNotContainAnyElementsOf(before);
        }
    }

    @Test
    void longTextIsCutAtTheLimitAndFlagged() throws IOException {
        try (TextExtractor extractor = new TextExtractor(SETTINGS)) {
            Path long1 = file("long.docx", Corpus.docx(Corpus.VACCINES.repeat(20)));
            ExtractionOutcome outcome = extractor.extract(long1, "long.docx", MediaTypeDetector.DOCX);
            assertThat(outcome).isInstanceOf(Success.class);
            Success success = (Success) outcome;
            assertThat(success.truncated()).isTrue();
            assertThat(success.chars()).isEqualTo(50);
            String text = Files.readString(success.text(), StandardCharsets.UTF_8);
            assertThat(text).hasSize(50).startsWith(Corpus.VACCINES);
            // The body is cut at the same limit, and stays well-formed.
            assertThat(success.html()).isPresent();
            assertThat(Files.readString(success.html().get(), StandardCharsets.UTF_8))
                    .isEqualTo("<p>" + text + "</p>");
        }
    }

    @Test
    void anArchiveOfAMillionEntriesFailsWithinTheTimeout() throws IOException {
        try (TextExtractor extractor = new TextExtractor(SETTINGS)) {
            Path good = file("good.docx", Corpus.docx(Corpus.VACCINES));
            assertThat(textOf(extractor.extract(good, "good.docx", MediaTypeDetector.DOCX)))
                    .contains(Corpus.VACCINES);
            Path many = HostileZips.manyEntries(dir.resolve("many.docx"), 1_000_000);
            Path names = HostileZips.longNames(dir.resolve("names.pptx"), 300, 65_000);
            try {
                for (Path hostile : List.of(many, names)) {
                    long start = System.nanoTime();
                    ExtractionOutcome outcome = extractor.extract(hostile, "hostile", MediaTypeDetector.DOCX);
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(outcome)
                            .isEqualTo(new Failure(
                                    FailureKind.TOO_LARGE,
                                    "The file unpacks into far more data than it holds and was not read."));
                    assertThat(took).isLessThan(SETTINGS.timeout().plusSeconds(10));
                }
            } finally {
                Files.delete(many);
                Files.delete(names);
            }
            assertThat(textOf(extractor.extract(good, "good.docx", MediaTypeDetector.DOCX)))
                    .contains(Corpus.VACCINES);
        }
    }

    @Test
    void closingKillsTheChildren() throws IOException {
        TextExtractor extractor = new TextExtractor(SETTINGS);
        Path good = file("good.docx", Corpus.docx(Corpus.VACCINES));
        assertThat(extractor.extract(good, "good.docx", MediaTypeDetector.DOCX)).isInstanceOf(Success.class);
        Set<ProcessHandle> children = extractor.childPids().stream()
                .map(pid -> ProcessHandle.of(pid).orElseThrow())
                .collect(Collectors.toSet());
        extractor.close();
        assertThat(children).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        assertThatThrownBy(() -> extractor.extract(good, "good.docx", MediaTypeDetector.DOCX))
                .isInstanceOf(ExtractionUnavailableException.class);
    }

    private Path file(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    private static String textOf(ExtractionOutcome outcome) throws IOException {
        assertThat(outcome).isInstanceOf(Success.class);
        return Files.readString(((Success) outcome).text(), StandardCharsets.UTF_8);
    }
}
