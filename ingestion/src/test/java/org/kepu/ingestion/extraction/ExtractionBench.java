package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.detect.Corpus;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of {@link TextExtractor} against plain in-process Tika on the same 200 Chinese DOCX files
 * (about 5,000 characters each), both warmed up, both with two parsing threads, in alternating rounds.
 * Run: {@code ./mvnw -B -o -Pbench -pl ingestion test -Dtest=ExtractionBench -Dspotless.check.skip=true}.
 */
@Tag("bench")
class ExtractionBench {

    private static final Logger log = LoggerFactory.getLogger(ExtractionBench.class);
    private static final int FILES = 200;
    private static final int THREADS = 2;
    private static final int ROUNDS = 3;
    private static final String SENTENCES = Corpus.PHOTOSYNTHESIS + Corpus.VACCINES + Corpus.BLACK_HOLES;

    @TempDir
    Path dir;

    @Test
    void childProcessesKeepUpWithInProcessTika() throws Exception {
        List<Path> files = corpus();
        AutoDetectParser tika = new AutoDetectParser();
        try (TextExtractor extractor =
                new TextExtractor(ExtractionSettings.defaults().withPoolSize(THREADS))) {
            for (int round = 0; round < 2; round++) {
                run(files, file -> inProcess(tika, file));
                run(files, file -> viaChild(extractor, file));
            }
            // Alternating rounds expose both sides alike to load from elsewhere on the machine.
            List<Double> inProcessRates = new ArrayList<>();
            List<Double> childRates = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                inProcessRates.add(FILES / seconds(() -> run(files, file -> inProcess(tika, file))));
                childRates.add(FILES / seconds(() -> run(files, file -> viaChild(extractor, file))));
            }
            double inProcess = median(inProcessRates);
            double child = median(childRates);
            log.info(
                    "extraction of {} DOCX (~5,000 chars) with {} threads, median of {} alternating rounds: "
                            + "in-process Tika {} files/s (rounds {}), TextExtractor {} files/s (rounds {}), "
                            + "ratio of medians {} (goal >= 0.9)",
                    FILES,
                    THREADS,
                    ROUNDS,
                    String.format("%.1f", inProcess),
                    format(inProcessRates),
                    String.format("%.1f", child),
                    format(childRates),
                    String.format("%.2f", child / inProcess));
            assertThat(child).isPositive();
        }
    }

    private List<Path> corpus() throws IOException {
        Random random = new Random(1);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            List<String> paragraphs = new ArrayList<>();
            int chars = 0;
            while (chars < 5_000) {
                int start = random.nextInt(SENTENCES.length() - 20);
                String paragraph = "第" + i + "篇：" + SENTENCES.substring(start) + SENTENCES.substring(0, start);
                paragraphs.add(paragraph);
                chars += paragraph.length();
            }
            Path file = dir.resolve("work" + i + ".docx");
            Files.write(file, Corpus.docx(paragraphs.toArray(String[]::new)));
            files.add(file);
        }
        return files;
    }

    private interface Extraction {
        long chars(Path file) throws Exception;
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static List<String> format(List<Double> rates) {
        return rates.stream().map(rate -> String.format("%.1f", rate)).toList();
    }

    private static double seconds(Timed timed) throws Exception {
        long start = System.nanoTime();
        timed.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void run(List<Path> files, Extraction extraction) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (Path file : files) {
                results.add(threads.submit(() -> extraction.chars(file)));
            }
            for (Future<Long> result : results) {
                assertThat(result.get()).isGreaterThan(4_000L);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static long inProcess(AutoDetectParser tika, Path file) throws Exception {
        StringWriter text = new StringWriter();
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
        try (TikaInputStream in = TikaInputStream.get(file)) {
            tika.parse(in, new BodyContentHandler(text), metadata, new ParseContext());
        }
        return text.toString().length();
    }

    private static long viaChild(TextExtractor extractor, Path file) throws IOException {
        ExtractionOutcome outcome = extractor.extract(file, file.getFileName().toString(), MediaTypeDetector.DOCX);
        assertThat(outcome).isInstanceOf(ExtractionOutcome.Success.class);
        ExtractionOutcome.Success success = (ExtractionOutcome.Success) outcome;
        Files.delete(success.text());
        return success.chars();
    }
}
