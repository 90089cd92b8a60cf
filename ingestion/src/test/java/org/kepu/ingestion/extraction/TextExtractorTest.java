package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.detect.Corpus;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.kepu.ingestion.extraction.ExtractionOutcome.Failure;
import org.kepu.ingestion.extraction.ExtractionOutcome.FailureKind;
import org.kepu.ingestion.extraction.ExtractionOutcome.Success;

class TextExtractorTest {

    private static final String GB18030 = "GB18030";
    private static TextExtractor extractor;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPool() {
        extractor = new TextExtractor(ExtractionSettings.defaults().withTimeout(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stopPool() {
        extractor.close();
    }

    @Test
    void extractsChineseOfficeDocumentsInOrder() throws IOException {
        Path docx = file("科普.docx", Corpus.docx(Corpus.PHOTOSYNTHESIS, Corpus.VACCINES, Corpus.BLACK_HOLES));
        assertThat(textOf(docx, "科普.docx", MediaTypeDetector.DOCX))
                .containsSubsequence(Corpus.PHOTOSYNTHESIS, Corpus.VACCINES, Corpus.BLACK_HOLES);
        Path pptx = file("slides.pptx", Corpus.pptx(Corpus.VACCINES, Corpus.BLACK_HOLES));
        assertThat(textOf(pptx, "slides.pptx", MediaTypeDetector.PPTX))
                .containsSubsequence(Corpus.VACCINES, Corpus.BLACK_HOLES);
        assertThat(textOf(file("a.odt", Corpus.odt(Corpus.BLACK_HOLES)), "a.odt", MediaTypeDetector.ODT))
                .contains(Corpus.BLACK_HOLES);
        assertThat(textOf(file("a.epub", Corpus.epub(Corpus.VACCINES)), "a.epub", MediaTypeDetector.EPUB))
                .contains(Corpus.VACCINES);
    }

    @Test
    void extractsPdfText() throws IOException {
        Path pdf = file("paper.pdf", Corpus.pdf("Photosynthesis turns light into sugar.", "Vaccines train immunity."));
        assertThat(textOf(pdf, "paper.pdf", MediaTypeDetector.PDF))
                .containsSubsequence("Photosynthesis turns light into sugar.", "Vaccines train immunity.");
    }

    @Test
    void extractsHtmlMarkdownAndGb18030Text() throws IOException {
        assertThat(textOf(file("p.html", Corpus.html(Corpus.VACCINES)), "p.html", "text/html; charset=UTF-8"))
                .contains("标题", Corpus.VACCINES)
                .doesNotContain("<p>");
        String markdown = "# 黑洞\n\n" + Corpus.BLACK_HOLES + "\n";
        assertThat(textOf(
                        file("a.md", markdown.getBytes(StandardCharsets.UTF_8)),
                        "a.md",
                        "text/markdown; charset=UTF-8"))
                .contains("# 黑洞", Corpus.BLACK_HOLES);
        String gbText = Corpus.PHOTOSYNTHESIS + "\n" + Corpus.VACCINES + "\n";
        byte[] gb = gbText.getBytes(GB18030);
        assertThat(textOf(file("gb.txt", gb), "光合作用.txt", "text/plain; charset=GB18030"))
                .containsSubsequence(Corpus.PHOTOSYNTHESIS, Corpus.VACCINES);
        // The detected type wins over a misleading name.
        assertThat(textOf(file("gb2", gb), "报告.pdf", "text/plain; charset=GB18030"))
                .containsSubsequence(Corpus.PHOTOSYNTHESIS, Corpus.VACCINES);
    }

    @Test
    void explainsDamagedAndProtectedFiles() throws IOException {
        byte[] pdf = Corpus.pdf("Some text that is long enough to matter in a PDF page.");
        assertFailure(
                file("cut.pdf", Corpus.truncated(pdf)),
                MediaTypeDetector.PDF,
                FailureKind.DAMAGED,
                "The file is damaged or truncated and cannot be read.");
        assertFailure(
                file("locked.pdf", Corpus.encryptedPdf("Secret")),
                MediaTypeDetector.PDF,
                FailureKind.PASSWORD_PROTECTED,
                "The PDF is password-protected; upload it without a password.");
        assertFailure(
                file("blank.docx", Corpus.docx("   ", "")),
                MediaTypeDetector.DOCX,
                FailureKind.NO_TEXT,
                "No text could be found in the file.");
        assertFailure(
                file("random.docx", Corpus.randomBytes(20_000, 7)),
                MediaTypeDetector.DOCX,
                FailureKind.DAMAGED,
                "The file is damaged or truncated and cannot be read.");
    }

    @Test
    void aZipBombInsideADocxDoesNotBlowUp() throws IOException {
        Path docx = file("bomb.docx", Corpus.docxWithZipBomb(Corpus.PHOTOSYNTHESIS));
        long start = System.nanoTime();
        ExtractionOutcome outcome = extractor.extract(docx, "bomb.docx", MediaTypeDetector.DOCX);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(outcome).isInstanceOf(Success.class);
        Success success = (Success) outcome;
        assertThat(Files.readString(success.text())).contains(Corpus.PHOTOSYNTHESIS);
        assertThat(success.chars()).isLessThan(ExtractionSettings.defaults().maxChars() + 1L);
    }

    @Test
    void imagesAndVideosHaveNoTextOfTheirOwn() throws IOException {
        for (String type : List.of("image/png", "image/jpeg", "image/webp", "video/mp4", "video/webm")) {
            ExtractionOutcome outcome = extractor.extract(file("m", Corpus.png()), "m", type);
            assertThat(outcome).isInstanceOf(Success.class);
            assertThat(((Success) outcome).chars()).isZero();
            assertThat(Files.size(((Success) outcome).text())).isZero();
        }
    }

    @Test
    void subtitlesGiveTheSpokenText() throws IOException {
        String srt = "1\n00:00:01,000 --> 00:00:03,500\n<i>" + Corpus.VACCINES + "</i>\n\n2\n"
                + "00:00:04,000 --> 00:00:06,000\n" + Corpus.BLACK_HOLES + "\n";
        assertThat(textOf(file("a.srt", srt.getBytes(GB18030)), "a.srt", "application/x-subrip; charset=GB18030"))
                .isEqualTo(Corpus.VACCINES + "\n" + Corpus.BLACK_HOLES + "\n");
        String vtt = "WEBVTT - 科普\n\nNOTE 作者\n\n00:01.000 --> 00:03.500 align:start\n" + Corpus.PHOTOSYNTHESIS + "\n";
        assertThat(textOf(file("a.vtt", vtt.getBytes(StandardCharsets.UTF_8)), "a.vtt", "text/vtt"))
                .isEqualTo(Corpus.PHOTOSYNTHESIS + "\n");
    }

    @Test
    void refusesTypesOutsideTheAllowList() throws IOException {
        ExtractionOutcome outcome = extractor.extract(file("x", Corpus.elf()), "x.exe", "application/x-executable");
        assertThat(outcome)
                .isEqualTo(new Failure(
                        FailureKind.UNSUPPORTED,
                        "Text cannot be extracted from files of type application/x-executable."));
    }

    @Test
    void servesManyThreadsAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String paragraph = "第" + i + "段：" + Corpus.PHOTOSYNTHESIS;
                Path docx = file("c" + i + ".docx", Corpus.docx(paragraph));
                results.add(threads.submit(() -> textOf(docx, "c.docx", MediaTypeDetector.DOCX)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).contains("第" + i + "段：" + Corpus.PHOTOSYNTHESIS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private Path file(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    private static String textOf(Path file, String fileName, String mediaType) throws IOException {
        ExtractionOutcome outcome = extractor.extract(file, fileName, mediaType);
        assertThat(outcome).isInstanceOf(Success.class);
        Success success = (Success) outcome;
        String text = Files.readString(success.text(), StandardCharsets.UTF_8);
        assertThat(success.chars()).isEqualTo(text.length());
        assertThat(success.truncated()).isFalse();
        Files.delete(success.text());
        return text;
    }

    private static void assertFailure(Path file, String mediaType, FailureKind kind, String reason) {
        assertThat(extractor.extract(file, file.getFileName().toString(), mediaType))
                .isEqualTo(new Failure(kind, reason));
    }
}
