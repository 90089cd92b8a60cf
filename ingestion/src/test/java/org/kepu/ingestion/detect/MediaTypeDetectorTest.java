package org.kepu.ingestion.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaTypeDetectorTest {

    private final MediaTypeDetector detector = new MediaTypeDetector();

    @Test
    void acceptsDocumentsAndMediaFromTheirBytes() {
        assertAccepted(Corpus.pdf("Photosynthesis"), "whatever.bin", MediaTypeDetector.PDF);
        assertAccepted(Corpus.png(), "cover", MediaTypeDetector.PNG);
        assertAccepted(Corpus.jpeg(), "cover.png", MediaTypeDetector.JPEG);
        assertAccepted(Corpus.webp(), "poster.webp", MediaTypeDetector.WEBP);
        assertAccepted(Corpus.gif(), "comic", MediaTypeDetector.GIF);
        assertAccepted(Corpus.tiff(), "scan.png", MediaTypeDetector.TIFF);
        assertAccepted(Corpus.mp4(), "clip.mp4", MediaTypeDetector.MP4);
        assertAccepted(Corpus.webm(), "clip.webm", MediaTypeDetector.WEBM);
        assertAccepted(Corpus.html(Corpus.VACCINES), "page.txt", "text/html; charset=UTF-8");
    }

    @Test
    void readsTextAsUtf8OrGb18030AndUsesTheNameOnlyForMarkdown() {
        String text = "# 黑洞\n\n" + Corpus.BLACK_HOLES + "\n";
        assertAccepted(Corpus.text(text, StandardCharsets.UTF_8), "黑洞.md", "text/markdown; charset=UTF-8");
        assertAccepted(Corpus.text(text, StandardCharsets.UTF_8), "黑洞.txt", "text/plain; charset=UTF-8");
        assertAccepted(Corpus.text(text, TextSniffer.GB18030), "黑洞.txt", "text/plain; charset=GB18030");
        assertAccepted(Corpus.text(text, TextSniffer.GB18030), "黑洞.markdown", "text/markdown; charset=GB18030");
        byte[] bom = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] withBom = concat(bom, Corpus.text(text, StandardCharsets.UTF_8));
        assertAccepted(withBom, "notes", "text/plain; charset=UTF-8");
        // A name never makes binary acceptable: text named .pdf is still text.
        assertAccepted(Corpus.text(text, StandardCharsets.UTF_8), "fake.pdf", "text/plain; charset=UTF-8");
    }

    @Test
    void findsHtmlAfterBlanksCommentsAndDeclarationsHoweverMany() throws InterruptedException {
        String page = Corpus.VACCINES + "</body></html>";
        assertAccepted(
                Corpus.text("\n".repeat(60_000) + "<html><body>" + page, StandardCharsets.UTF_8),
                "a.txt",
                "text/plain; charset=UTF-8");
        assertAccepted(
                Corpus.text(" \r\n".repeat(1000) + "<!DOCTYPE html><html><body>" + page, StandardCharsets.UTF_8),
                "a.txt",
                "text/html; charset=UTF-8");
        assertAccepted(
                Corpus.text(
                        "<?XML version=\"1.0\"?>" + "<!---->".repeat(500) + "<html>" + page, StandardCharsets.UTF_8),
                "a.txt",
                "text/html; charset=UTF-8");
        assertAccepted(
                Corpus.text("<!-- unclosed " + "<html>".repeat(20_000), StandardCharsets.UTF_8),
                "a.txt",
                "text/plain; charset=UTF-8");
        // Threads serving uploads have smaller stacks than the main thread: check on one.
        Thread small = new Thread(
                null,
                () -> assertAccepted(
                        Corpus.text(" ".repeat(70_000), StandardCharsets.UTF_8), "a.txt", "text/plain; charset=UTF-8"),
                "small-stack",
                256 * 1024);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        small.setUncaughtExceptionHandler((thread, e) -> failure.set(e));
        small.start();
        small.join(30_000);
        assertThat(small.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
    }

    @Test
    void toleratesACharacterCutAtTheEndOfAFullHead() {
        byte[] long1 = Corpus.text(Corpus.VACCINES.repeat(4000), StandardCharsets.UTF_8);
        byte[] head = Arrays.copyOf(long1, MediaTypeDetector.HEAD_SIZE);
        assertThat(head.length % 3).isNotZero();
        assertAccepted(head, "long.txt", "text/plain; charset=UTF-8");
    }

    @Test
    void rejectsExecutablesWhateverTheirName() {
        HeadVerdict exe = detector.inspectHead(Corpus.windowsExe(), "论文.pdf");
        assertThat(exe).isInstanceOf(HeadVerdict.Reject.class);
        assertThat(((HeadVerdict.Reject) exe).reason())
                .startsWith("File type application/x-msdownload is not accepted; upload PDF, DOCX");
        HeadVerdict elf = detector.inspectHead(Corpus.elf(), "paper.pdf");
        assertThat(elf.kind()).isEqualTo(HeadVerdict.Kind.REJECT);
        assertThat(((HeadVerdict.Reject) elf).reason())
                .contains("application/x-")
                .contains("not accepted");
    }

    @Test
    void rejectsEmptyRandomAndUnsupportedFiles() {
        assertThat(detector.inspectHead(new byte[0], "empty.txt"))
                .isEqualTo(new HeadVerdict.Reject("The file is empty."));
        HeadVerdict random = detector.inspectHead(Corpus.randomBytes(4096, 42), "data.txt");
        assertThat(random.kind()).isEqualTo(HeadVerdict.Kind.REJECT);
        assertThat(((HeadVerdict.Reject) random).reason()).contains("UTF-8 or GB18030");
        HeadVerdict utf16 = detector.inspectHead(Corpus.text("\uFEFF科普", StandardCharsets.UTF_16LE), "a.txt");
        assertThat(utf16.kind()).isEqualTo(HeadVerdict.Kind.REJECT);
        HeadVerdict mov = detector.inspectHead(Corpus.quicktime(), "clip.mp4");
        assertThat(((HeadVerdict.Reject) mov).reason()).contains("video/quicktime");
    }

    @Test
    void zipContainersNeedTheWholeFileToBeToldApart() {
        assertWhole(Corpus.docx(Corpus.PHOTOSYNTHESIS), MediaTypeDetector.DOCX);
        assertWhole(Corpus.pptx(Corpus.VACCINES), MediaTypeDetector.PPTX);
        assertWhole(Corpus.odt(Corpus.BLACK_HOLES), MediaTypeDetector.ODT);
        assertWhole(Corpus.epub(Corpus.BLACK_HOLES), MediaTypeDetector.EPUB);
    }

    @Test
    void rejectsZipsThatAreNotDocuments() {
        byte[] spreadsheet = Corpus.xlsx();
        assertThat(detector.inspectHead(spreadsheet, "sheet.docx").kind()).isEqualTo(HeadVerdict.Kind.NEEDS_WHOLE);
        Detection whole = detector.detectWhole(new ByteArrayInputStream(spreadsheet), "sheet.docx");
        assertThat(whole).isInstanceOf(Detection.Rejected.class);
        assertThat(((Detection.Rejected) whole).reason())
                .startsWith("File type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet is not");

        // A plain zip's whole listing fits in its head, so it is refused without reading further.
        HeadVerdict plain = detector.inspectHead(Corpus.plainZip(), "paper.docx");
        assertThat(plain).isEqualTo(new HeadVerdict.Reject(((HeadVerdict.Reject) plain).reason()));
        assertThat(((HeadVerdict.Reject) plain).reason()).startsWith("File type application/zip is not accepted");
        assertThat(detector.detectWhole(new ByteArrayInputStream(Corpus.plainZip()), "a.docx")
                        .accepted())
                .isFalse();
    }

    @Test
    void aZipOfAMillionEntriesIsRefusedQuicklyInBoundedMemory(@TempDir Path dir) throws IOException {
        Path zip = HostileZips.manyEntries(dir.resolve("many.docx"), 1_000_000);
        try {
            assertRefusedWithinBounds(zip, "more than 10000 entries");
        } finally {
            Files.delete(zip);
        }
    }

    @Test
    void aZipWithAHugeListingOfNamesIsRefusedQuicklyInBoundedMemory(@TempDir Path dir) throws IOException {
        Path zip = HostileZips.longNames(dir.resolve("names.docx"), 300, 65_000);
        try {
            assertRefusedWithinBounds(zip, "no document could be");
        } finally {
            Files.delete(zip);
        }
        Path liar = HostileZips.understated(dir.resolve("liar.docx"), 200_000, 3);
        try {
            assertRefusedWithinBounds(liar, "no document could be");
        } finally {
            Files.delete(liar);
        }
    }

    @Test
    void aDocumentWhosePartsInflateAThousandfoldIsRefusedQuicklyInBoundedMemory(@TempDir Path dir) throws IOException {
        Path bomb = HostileZips.inflatingContentTypes(dir.resolve("bomb.docx"), 400 << 20);
        try {
            assertRefusedWithinBounds(bomb, "parts that unpack a hundredfold");
        } finally {
            Files.delete(bomb);
        }
    }

    /**
     * Bytes allocated by this thread bound the heap detection can have held at any moment, which a
     * before-and-after look at the heap would miss; Tika alone allocates hundreds of MB on these files.
     */
    private void assertRefusedWithinBounds(Path zip, String reason) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(zip)) {
            head = in.readNBytes(MediaTypeDetector.HEAD_SIZE);
        }
        assertThat(detector.inspectHead(head, "paper.docx").kind()).isEqualTo(HeadVerdict.Kind.NEEDS_WHOLE);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        Detection detection;
        try (InputStream in = Files.newInputStream(zip)) {
            detection = detector.detectWhole(in, "paper.docx");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(detection).isInstanceOf(Detection.Rejected.class);
        assertThat(((Detection.Rejected) detection).reason()).contains(reason);
        assertThat(took).isLessThan(Duration.ofSeconds(30));
        assertThat(allocated).isLessThan(32L << 20);
    }

    @Test
    void detectWholeAlsoDecidesFilesTheHeadAlreadySettles() {
        assertThat(detector.detectWhole(new ByteArrayInputStream(Corpus.pdf("x")), "a.pdf"))
                .isEqualTo(new Detection.Accepted(MediaTypeDetector.PDF));
        assertThat(detector.detectWhole(new ByteArrayInputStream(Corpus.elf()), "a.pdf")
                        .accepted())
                .isFalse();
        assertThat(detector.detectWhole(new ByteArrayInputStream(new byte[0]), "a.pdf"))
                .isEqualTo(new Detection.Rejected("The file is empty."));
    }

    @Test
    void recognisesSubtitles() {
        String srt = "1\n00:00:01,000 --> 00:00:03,500\n" + Corpus.VACCINES + "\n\n";
        String vtt = "WEBVTT\n\n00:01.000 --> 00:03.500\n" + Corpus.BLACK_HOLES + "\n";
        assertThat(detector.detectSubtitle(srt.getBytes(StandardCharsets.UTF_8), "a.srt"))
                .isEqualTo(new Detection.Accepted("application/x-subrip; charset=UTF-8"));
        assertThat(detector.detectSubtitle(srt.getBytes(TextSniffer.GB18030), "a.srt"))
                .isEqualTo(new Detection.Accepted("application/x-subrip; charset=GB18030"));
        assertThat(detector.detectSubtitle(vtt.getBytes(StandardCharsets.UTF_8), "a.srt"))
                .isEqualTo(new Detection.Accepted("text/vtt; charset=UTF-8"));
        assertThat(detector.detectSubtitle(Corpus.png(), "a.srt").accepted()).isFalse();
        assertThat(detector.detectSubtitle("just words".getBytes(StandardCharsets.UTF_8), "a.srt")
                        .accepted())
                .isFalse();
    }

    @Test
    void listsTheAllowedTypes() {
        assertThat(detector.allowed())
                .containsExactly(
                        MediaTypeDetector.PDF,
                        MediaTypeDetector.DOCX,
                        MediaTypeDetector.PPTX,
                        MediaTypeDetector.ODT,
                        MediaTypeDetector.EPUB,
                        MediaTypeDetector.HTML,
                        MediaTypeDetector.MARKDOWN,
                        MediaTypeDetector.TEXT,
                        MediaTypeDetector.PNG,
                        MediaTypeDetector.JPEG,
                        MediaTypeDetector.WEBP,
                        MediaTypeDetector.GIF,
                        MediaTypeDetector.TIFF,
                        MediaTypeDetector.MP4,
                        MediaTypeDetector.WEBM);
    }

    private void assertAccepted(byte[] head, String name, String mediaType) {
        assertThat(detector.inspectHead(head, name)).isEqualTo(new HeadVerdict.Accept(mediaType));
    }

    private void assertWhole(byte[] file, String mediaType) {
        assertThat(detector.inspectHead(head(file), "upload").kind()).isEqualTo(HeadVerdict.Kind.NEEDS_WHOLE);
        assertThat(detector.detectWhole(new ByteArrayInputStream(file), "upload"))
                .isEqualTo(new Detection.Accepted(mediaType));
    }

    private static byte[] head(byte[] file) {
        return Arrays.copyOf(file, Math.min(file.length, MediaTypeDetector.HEAD_SIZE));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
