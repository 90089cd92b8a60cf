package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import com.benjaminwan.ocrlibrary.OcrResult;
import io.github.mymonstercat.Model;
import io.github.mymonstercat.ocr.InferenceEngine;
import io.github.mymonstercat.ocr.config.HardwareConfig;
import io.github.mymonstercat.ocr.config.ParamConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.detect.MediaTypeDetector;

/**
 * OCR pages per second through kepu's extraction (one child, one OCR thread: decoding, scaling, the
 * protocol and the layout included) against RapidOCR called directly in this JVM on the same pictures
 * with the same parameters, in alternating rounds; then a 20-page scanned PDF end to end. Run:
 * {@code ./mvnw -Pbench -pl ingestion test -Dtest=OcrBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class OcrBench {

    private static final int REPEAT = 3;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void ocrThroughTheChildKeepsUpWithRapidOcrCalledDirectly() throws Exception {
        List<Path> pictures = pictures();
        InferenceEngine direct = InferenceEngine.getInstance(Model.ONNX_PPOCR_V4, new HardwareConfig(1, -1));
        try (TextExtractor kepu =
                new TextExtractor(ExtractionSettings.defaults().withPoolSize(1).withTimeout(Duration.ofMinutes(5)))) {
            // Warm both: models loaded, JIT compiled.
            runDirect(direct, pictures);
            runKepu(kepu, pictures);
            List<Double> directRates = new ArrayList<>();
            List<Double> kepuRates = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                directRates.add(pictures.size() / seconds(() -> runDirect(direct, pictures)));
                kepuRates.add(pictures.size() / seconds(() -> runKepu(kepu, pictures)));
            }
            double directRate = median(directRates);
            double kepuRate = median(kepuRates);
            System.out.printf(
                    Locale.ROOT,
                    "OCR pictures/s (median of %d rounds of %d): RapidOCR direct %.2f, kepu extraction %.2f, ratio %.2f%n",
                    ROUNDS,
                    pictures.size(),
                    directRate,
                    kepuRate,
                    kepuRate / directRate);
            long rss =
                    kepu.childPids().stream().mapToLong(OcrBench::rssKb).max().orElse(0);
            System.out.printf(Locale.ROOT, "extraction child resident memory after OCR: %d MB%n", rss / 1024);

            Path pdf = twentyPages();
            long start = System.nanoTime();
            ExtractionOutcome outcome = kepu.extract(pdf, "scan20.pdf", "application/pdf");
            double elapsed = (System.nanoTime() - start) / 1e9;
            assertThat(outcome).isInstanceOf(ExtractionOutcome.Success.class);
            ExtractionOutcome.Success success = (ExtractionOutcome.Success) outcome;
            System.out.printf(
                    Locale.ROOT,
                    "20-page scanned PDF: %.1f s end to end (%.2f pages/s), %d chars%n",
                    elapsed,
                    20 / elapsed,
                    success.chars());
            Files.deleteIfExists(success.text());
        }
    }

    private static void runDirect(InferenceEngine engine, List<Path> pictures) {
        for (Path picture : pictures) {
            ParamConfig param = ParamConfig.getDefaultConfig();
            BufferedImage image = read(picture);
            param.setMaxSideLen(Math.min(Math.max(image.getWidth(), image.getHeight()), OcrReader.MAX_DETECTION_SIDE));
            param.setUnClipRatio(OcrReader.UNCLIP_RATIO);
            OcrResult result = engine.runOcr(picture.toString(), param);
            assertThat(result.getTextBlocks()).isNotEmpty();
        }
    }

    private static void runKepu(TextExtractor kepu, List<Path> pictures) {
        for (Path picture : pictures) {
            ExtractionOutcome outcome =
                    kepu.extract(picture, picture.getFileName().toString(), MediaTypeDetector.PNG);
            assertThat(outcome).isInstanceOf(ExtractionOutcome.Success.class);
            ExtractionOutcome.Success success = (ExtractionOutcome.Success) outcome;
            assertThat(success.chars()).isPositive();
            try {
                Files.deleteIfExists(success.text());
                if (success.layout().isPresent()) {
                    Files.deleteIfExists(success.layout().get());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The poster, the comic and both scanned pages as PNG (rendered at kepu's DPI), each several times. */
    private List<Path> pictures() throws IOException {
        List<Path> distinct = new ArrayList<>();
        for (String name : List.of("poster.png", "comic.png")) {
            Path file = dir.resolve(name);
            try (InputStream in = OcrFixtures.open(name)) {
                Files.copy(in, file);
            }
            distinct.add(file);
        }
        try (InputStream in = OcrFixtures.open("scanned.pdf");
                PDDocument pdf = Loader.loadPDF(in.readAllBytes())) {
            PDFRenderer renderer = new PDFRenderer(pdf);
            for (int page = 0; page < pdf.getNumberOfPages(); page++) {
                Path file = dir.resolve("page" + (page + 1) + ".png");
                ImageIO.write(renderer.renderImageWithDPI(page, OcrText.PDF_DPI, ImageType.RGB), "png", file.toFile());
                distinct.add(file);
            }
        }
        List<Path> all = new ArrayList<>();
        for (int i = 0; i < REPEAT; i++) {
            all.addAll(distinct);
        }
        return all;
    }

    private Path twentyPages() throws IOException {
        Path target = dir.resolve("scan20.pdf");
        try (InputStream in = OcrFixtures.open("scanned.pdf");
                PDDocument source = Loader.loadPDF(in.readAllBytes());
                PDDocument twenty = new PDDocument()) {
            for (int i = 0; i < 10; i++) {
                twenty.importPage(source.getPage(0));
                twenty.importPage(source.getPage(1));
            }
            twenty.save(target.toFile());
        }
        return target;
    }

    private static BufferedImage read(Path picture) {
        try {
            return ImageIO.read(picture.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static double seconds(Runnable run) {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
