package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.detect.Corpus;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.kepu.ingestion.extraction.ExtractionOutcome.Failure;
import org.kepu.ingestion.extraction.ExtractionOutcome.FailureKind;
import org.kepu.ingestion.extraction.ExtractionOutcome.Success;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

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
    void itsStateShowsTheWorkersChildrenKeptWarmAndThatItStoppedOnceClosed() throws IOException {
        TextExtractor pool = new TextExtractor(ExtractionSettings.defaults().withPoolSize(3));
        try {
            assertThat(pool.state()).isEqualTo(new TextExtractor.PoolState(true, 3, 0, 0));
            Path text = file("short.txt", "光合作用把光能变成化学能。".getBytes(StandardCharsets.UTF_8));
            ExtractionOutcome outcome = pool.extract(text, "short.txt", "text/plain; charset=UTF-8");
            assertThat(outcome).isInstanceOf(ExtractionOutcome.Success.class);
            Files.deleteIfExists(((ExtractionOutcome.Success) outcome).text());
            // the child that extracted stays for the next file; nothing runs now
            assertThat(pool.state()).isEqualTo(new TextExtractor.PoolState(true, 3, 0, 1));
        } finally {
            pool.close();
        }
        assertThat(pool.state().open()).isFalse();
        assertThat(pool.state().children()).isZero();
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
    void picturesWithoutWritingAndVideosHaveNoTextOfTheirOwn() throws IOException {
        for (String type : List.of("image/png", "image/jpeg", "image/webp", "video/mp4", "video/webm")) {
            ExtractionOutcome outcome = extractor.extract(file("m", Corpus.png()), "m", type);
            assertThat(outcome).isInstanceOf(Success.class);
            assertThat(((Success) outcome).chars()).isZero();
            assertThat(Files.size(((Success) outcome).text())).isZero();
            assertThat(((Success) outcome).html()).isEmpty();
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
    void hostileSubtitleLinesAreReadInTheChildInLinearTimeWhileOthersAreServed() throws Exception {
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            // Both children started first, so the timing below is the parse, not a child's start-up.
            Path warmup = file("warmup.docx", Corpus.docx(Corpus.BLACK_HOLES));
            Future<String> other = threads.submit(() -> textOf(warmup, "warmup.docx", MediaTypeDetector.DOCX));
            textOf(warmup, "warmup.docx", MediaTypeDetector.DOCX);
            other.get(60, TimeUnit.SECONDS);
            for (String cue : List.of(
                    "<".repeat(200_000) + Corpus.VACCINES,
                    "<b".repeat(100_000) + Corpus.VACCINES,
                    "{\\an8".repeat(100_000) + "}" + Corpus.VACCINES)) {
                byte[] vtt = ("WEBVTT\n\n00:01.000 --> 00:03.500\n" + cue + "\n").getBytes(StandardCharsets.UTF_8);
                Path subtitles = file("hostile.vtt", vtt);
                Path docx = file("normal.docx", Corpus.docx(Corpus.BLACK_HOLES));
                Future<String> normal = threads.submit(() -> textOf(docx, "normal.docx", MediaTypeDetector.DOCX));
                long start = System.nanoTime();
                String text = textOf(subtitles, "subtitles", "text/vtt; charset=UTF-8");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                assertThat(text).endsWith(Corpus.VACCINES + "\n");
                assertThat(normal.get(30, TimeUnit.SECONDS)).contains(Corpus.BLACK_HOLES);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void subtitlesWithoutWordsHaveNoText() throws IOException {
        byte[] vtt = "WEBVTT\n\n00:01.000 --> 00:03.500\n<i></i>\n".getBytes(StandardCharsets.UTF_8);
        assertFailure(
                file("empty.vtt", vtt),
                "text/vtt; charset=UTF-8",
                FailureKind.NO_TEXT,
                "No text could be found in the subtitle file.");
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

    @Test
    void documentsGetASanitisedHtmlBodyWithTheirStructure() throws IOException {
        String page = "<!DOCTYPE html><html><head><title>标题</title><script>var a = 1;</script></head><body>"
                + "<h1 onclick=\"x()\">黑洞</h1><p>" + Corpus.BLACK_HOLES + " &amp; &lt;引力&gt;</p>"
                + "<img src=\"x.png\" onerror=\"alert(1)\"><ul><li>光</li><li>时间</li></ul>"
                + "<p><a href=\"javascript:alert(1)\">点我</a> <a href=\"https://kepu.example/\">来源</a></p>"
                + "<iframe src=\"https://evil.example/\"></iframe><script>alert(2)</script></body></html>";
        assertThat(bodyOf(file("p.html", page.getBytes(StandardCharsets.UTF_8)), "p.html", "text/html; charset=UTF-8"))
                .isEqualTo("<h1>黑洞</h1><p>" + Corpus.BLACK_HOLES + " &amp; &lt;引力&gt;</p>"
                        + "<ul><li>光</li><li>时间</li></ul>"
                        + "<p>点我 <a href=\"https://kepu.example/\" rel=\"nofollow noopener\">来源</a></p>");
        Path docx = file("h.docx", docxWithHeadings("黑洞", "引力", Corpus.BLACK_HOLES));
        assertThat(bodyOf(docx, "h.docx", MediaTypeDetector.DOCX))
                .isEqualTo("<h1>黑洞</h1><h2>引力</h2><p>" + Corpus.BLACK_HOLES + "</p>");
    }

    @Test
    void plainTextAndMarkdownGetTheirBodyFromTheText() throws IOException {
        String markdown = "# 黑洞\n\n" + Corpus.BLACK_HOLES + " <script>alert(1)</script>\n\n- 光\n- 时间\n";
        assertThat(bodyOf(
                        file("a.md", markdown.getBytes(StandardCharsets.UTF_8)),
                        "a.md",
                        "text/markdown; charset=UTF-8"))
                .isEqualTo("<h1>黑洞</h1>\n<p>" + Corpus.BLACK_HOLES + " </p>\n<ul>\n<li>光</li>\n<li>时间</li>\n</ul>\n");
        String text = "光合作用\n\n" + Corpus.PHOTOSYNTHESIS + "\n\n" + Corpus.VACCINES + " a<b & \"c\"\n";
        assertThat(bodyOf(file("gb.txt", text.getBytes(GB18030)), "gb.txt", "text/plain; charset=GB18030"))
                .isEqualTo("<h1>光合作用</h1><p>" + Corpus.PHOTOSYNTHESIS + "</p><p>" + Corpus.VACCINES
                        + " a&lt;b &amp; \"c\"</p>");
    }

    @Test
    void markupBeyondItsLimitsGivesTheTextWithoutAnHtmlBody() throws IOException {
        StringBuilder page = new StringBuilder("<html><body>");
        for (int i = 0; i <= HtmlCapture.MAX_ELEMENTS; i++) {
            page.append("<p>光</p>");
        }
        page.append("</body></html>");
        ExtractionOutcome outcome = extractor.extract(
                file("many.html", page.toString().getBytes(StandardCharsets.UTF_8)), "many.html", "text/html");
        assertThat(outcome).isInstanceOf(Success.class);
        Success success = (Success) outcome;
        assertThat(success.html()).isEmpty();
        assertThat(Files.readString(success.text())).startsWith("光\n光\n");
        Files.delete(success.text());
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
        if (success.html().isPresent()) {
            Files.delete(success.html().get());
        }
        return text;
    }

    private static String bodyOf(Path file, String fileName, String mediaType) throws IOException {
        ExtractionOutcome outcome = extractor.extract(file, fileName, mediaType);
        assertThat(outcome).isInstanceOf(Success.class);
        Success success = (Success) outcome;
        Files.delete(success.text());
        assertThat(success.html()).isPresent();
        String html = Files.readString(success.html().get(), StandardCharsets.UTF_8);
        Files.delete(success.html().get());
        return html;
    }

    /** A DOCX whose first paragraph has Word's "heading 1" style and second "heading 2". */
    private static byte[] docxWithHeadings(String title, String section, String paragraph) {
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFStyles styles = doc.createStyles();
            for (int level = 1; level <= 2; level++) {
                CTStyle style = CTStyle.Factory.newInstance();
                style.setStyleId("Heading" + level);
                style.setType(STStyleType.PARAGRAPH);
                style.addNewName().setVal("heading " + level);
                styles.addStyle(new XWPFStyle(style));
            }
            XWPFParagraph heading = doc.createParagraph();
            heading.setStyle("Heading1");
            heading.createRun().setText(title);
            XWPFParagraph sub = doc.createParagraph();
            sub.setStyle("Heading2");
            sub.createRun().setText(section);
            doc.createParagraph();
            doc.createParagraph().createRun().setText(paragraph);
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertFailure(Path file, String mediaType, FailureKind kind, String reason) {
        assertThat(extractor.extract(file, file.getFileName().toString(), mediaType))
                .isEqualTo(new Failure(kind, reason));
    }
}
