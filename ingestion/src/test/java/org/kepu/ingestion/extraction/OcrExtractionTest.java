package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.kepu.ingestion.extraction.ExtractionOutcome.Success;
import org.kepu.ingestion.rendition.TestImages;
import org.kepu.ingestion.work.JsonObjects;

/**
 * OCR through the extraction children, on the committed fixtures ({@link OcrFixtures}): posters, a comic,
 * a scanned PDF, a slide holding a picture, a picture without writing. One child serves the class, so the
 * models load once.
 */
class OcrExtractionTest {

    private static TextExtractor extractor;
    private static final List<double[]> accuracy = new ArrayList<>();

    @TempDir
    Path dir;

    /** Outcome files belong to the caller; these are deleted after each test. */
    private final List<Path> outputs = new ArrayList<>();

    @AfterEach
    void deleteOutputs() throws IOException {
        for (Path file : outputs) {
            Files.deleteIfExists(file);
        }
    }

    @BeforeAll
    static void startPool() {
        extractor =
                new TextExtractor(ExtractionSettings.defaults().withPoolSize(1).withTimeout(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stopPool() {
        extractor.close();
    }

    @Test
    void aPosterIsReadLineByLineWithWhereEachLineIs() throws IOException {
        Success poster = extract("poster.png", MediaTypeDetector.PNG);
        String text = Files.readString(poster.text());
        assertAccurate("poster", OcrFixtures.POSTER, text);
        assertThat(text).contains("隔夜菜会致癌");

        OcrLayout layout = layout(poster);
        assertThat(layout.lines()).hasSize(3);
        int myth = text.indexOf("隔夜菜会致癌");
        OcrLayout.Line line = layout.lineAt(myth, myth + 6).orElseThrow();
        assertThat(text.substring(line.start(), line.end())).contains("隔夜菜会致癌");
        assertThat(line.page()).isEqualTo(1);
        assertThat(line.dpi()).isZero();
        // The fixture draws this line centred at a baseline of y=260 in 48 px type, across x≈140..760.
        assertThat(line.box().y()).isBetween(195, 235);
        assertThat(line.box().y() + line.box().h()).isBetween(255, 290);
        assertThat(line.box().x()).isBetween(100, 180);
        assertThat(line.box().x() + line.box().w()).isBetween(720, 800);
        assertThat(line.confidence()).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
        for (OcrLayout.Line l : layout.lines()) {
            assertThat(l.end()).isGreaterThan(l.start()).isLessThanOrEqualTo(text.length());
        }
    }

    @Test
    void aPosterSentAsGifOrTiffIsReadAsWell() throws IOException {
        java.awt.image.BufferedImage poster;
        try (InputStream in = OcrFixtures.open("poster.png")) {
            poster = javax.imageio.ImageIO.read(in);
        }
        for (String[] format : new String[][] {{"gif", MediaTypeDetector.GIF}, {"tiff", MediaTypeDetector.TIFF}}) {
            Path file = dir.resolve("poster." + format[0]);
            assertThat(javax.imageio.ImageIO.write(poster, format[0], file.toFile()))
                    .isTrue();
            Success read = kept(extractor.extract(file, file.getFileName().toString(), format[1]));
            assertAccurate("poster as " + format[0], OcrFixtures.POSTER, Files.readString(read.text()));
        }
    }

    @Test
    void aPhotoStoredSidewaysIsReadTheWayItsExifTurnsIt() throws IOException {
        BufferedImage upright;
        try (InputStream in = OcrFixtures.open("poster.png")) {
            upright = ImageIO.read(in);
        }
        // Stored turned a quarter left, as a phone held upright stores it, with orientation 6 saying so.
        int w = upright.getWidth();
        int h = upright.getHeight();
        BufferedImage stored = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                stored.setRGB(y, w - 1 - x, upright.getRGB(x, y));
            }
        }
        Path photo = dir.resolve("photo.jpg");
        Files.write(photo, TestImages.withExifOrientation(jpeg(stored), 6));

        Success read = kept(extractor.extract(photo, "photo.jpg", MediaTypeDetector.JPEG));
        String text = Files.readString(read.text());
        assertAccurate("poster photo", OcrFixtures.POSTER, text);
        int myth = text.indexOf("隔夜菜会致癌");
        OcrLayout.Line line = layout(read).lineAt(myth, myth + 6).orElseThrow();
        // Boxes are in the upright picture's pixels, where a viewer that honours EXIF shows the line.
        assertThat(line.box().y()).isBetween(195, 235);
        assertThat(line.box().x()).isBetween(100, 180);
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    @Test
    void aComicsSpeechBubblesAreRead() throws IOException {
        Success comic = extract("comic.png", MediaTypeDetector.PNG);
        assertAccurate("comic", OcrFixtures.COMIC, Files.readString(comic.text()));
        assertThat(layout(comic).lines()).hasSize(2);
    }

    @Test
    void aScannedPdfIsReadPageByPage() throws IOException {
        Success pdf = extract("scanned.pdf", "application/pdf");
        String text = Files.readString(pdf.text());
        List<String> expected = new ArrayList<>(OcrFixtures.SCAN_PAGE_1);
        expected.addAll(OcrFixtures.SCAN_PAGE_2);
        assertAccurate("scanned.pdf", expected, text);
        OcrLayout layout = layout(pdf);
        assertThat(layout.lines()).extracting(OcrLayout.Line::page).containsExactly(1, 1, 1, 2, 2, 2);
        assertThat(layout.lines()).allSatisfy(l -> assertThat(l.dpi()).isEqualTo(OcrText.PDF_DPI));
        int oxygen = text.indexOf("氧气");
        assertThat(layout.lineAt(oxygen, oxygen + 2).orElseThrow().page()).isEqualTo(2);
    }

    @Test
    void aPictureOnASlideIsReadIntoTheSlidesText() throws IOException {
        Success pptx = extract("slides.pptx", MediaTypeDetector.PPTX);
        String text = Files.readString(pptx.text());
        assertAccurate("slides.pptx", OcrFixtures.SLIDE, ocrPart(text, layout(pptx)));
        assertThat(layout(pptx).lines()).allSatisfy(l -> assertThat(l.source()).isNotBlank());
    }

    @Test
    void aPictureWithoutWritingIsAWorkWithoutTextNotAFailure() throws IOException {
        Success blank = extract("blank.png", MediaTypeDetector.PNG);
        assertThat(blank.chars()).isZero();
        assertThat(Files.size(blank.text())).isZero();
        assertThat(blank.layout()).isEmpty();
    }

    @Test
    void aPictureAboveThePixelBudgetIsScaledDownAndItsBoxesStayInItsOwnPixels() throws IOException {
        // 900×520 is 468,000 pixels; a budget of 250,000 reads it at about 0.73 of its size.
        TextExtractor small =
                new TextExtractor(ExtractionSettings.defaults().withPoolSize(1).withOcr(true, 250_000));
        try {
            Success poster = kept(small.extract(fixture("poster.png"), "poster.png", MediaTypeDetector.PNG));
            String text = Files.readString(poster.text());
            assertThat(text).contains("隔夜菜会致癌");
            int myth = text.indexOf("隔夜菜会致癌");
            OcrLayout.Box box =
                    layout(poster).lineAt(myth, myth + 6).orElseThrow().box();
            assertThat(box.y()).isBetween(190, 240);
            assertThat(box.x() + box.w()).isBetween(710, 810);
        } finally {
            small.close();
        }
    }

    @Test
    void withOcrOffAPictureHasNoText() throws IOException {
        TextExtractor off =
                new TextExtractor(ExtractionSettings.defaults().withPoolSize(1).withOcr(false, 250_000));
        try {
            Success poster = kept(off.extract(fixture("poster.png"), "poster.png", MediaTypeDetector.PNG));
            assertThat(poster.chars()).isZero();
            assertThat(poster.layout()).isEmpty();
        } finally {
            off.close();
        }
    }

    @AfterAll
    static void printAccuracy() {
        double errors = accuracy.stream().mapToDouble(a -> a[0]).sum();
        double chars = accuracy.stream().mapToDouble(a -> a[1]).sum();
        if (chars > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "OCR character accuracy over the fixtures: %.4f (%d chars)%n",
                    1 - errors / chars,
                    (long) chars);
        }
    }

    /** Character accuracy, 1 − edit distance / expected length, line breaks left out; at least 0.98. */
    private static void assertAccurate(String name, List<String> expected, String actual) {
        String want = String.join("", expected);
        String got = actual.replaceAll("\\s+", "");
        int distance = editDistance(want.replaceAll("\\s+", ""), got);
        double score = 1 - (double) distance / want.replaceAll("\\s+", "").length();
        synchronized (accuracy) {
            accuracy.add(new double[] {distance, want.replaceAll("\\s+", "").length()});
        }
        System.out.printf(Locale.ROOT, "OCR %s: accuracy %.4f, read %s%n", name, score, got);
        assertThat(score).as("character accuracy of %s (read %s)", name, got).isGreaterThanOrEqualTo(0.98);
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(editDistance("隔夜菜会致癌", "隔夜菜会致癌")).isZero();
        assertThat(editDistance("隔夜菜会致癌", "隔夜莱会致癌")).isEqualTo(1);
        assertThat(editDistance("隔夜菜会致癌", "隔夜菜致癌")).isEqualTo(1);
        assertThat(editDistance("abc", "xabcy")).isEqualTo(2);
    }

    private static String ocrPart(String text, OcrLayout layout) {
        StringBuilder part = new StringBuilder();
        layout.lines().forEach(l -> part.append(text, l.start(), l.end()).append('\n'));
        return part.toString();
    }

    private Success extract(String name, String mediaType) throws IOException {
        return kept(extractor.extract(fixture(name), name, mediaType));
    }

    private Success kept(ExtractionOutcome outcome) {
        assertThat(outcome).isInstanceOf(Success.class);
        Success success = (Success) outcome;
        outputs.add(success.text());
        success.layout().ifPresent(outputs::add);
        return success;
    }

    private Path fixture(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = OcrFixtures.open(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static OcrLayout layout(Success success) throws IOException {
        assertThat(success.layout()).isPresent();
        return JsonObjects.MAPPER.readValue(Files.readAllBytes(success.layout().get()), OcrLayout.class);
    }
}
