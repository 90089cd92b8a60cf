package org.kepu.ingestion.extraction;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How text extraction runs.
 *
 * @param poolSize number of child JVMs kept warm (each parses one file at a time)
 * @param timeout hard limit per file; the child is killed when it is exceeded
 * @param maxChars text beyond this many characters is cut off and the outcome flagged as truncated
 * @param childHeap maximum heap of a child JVM, in {@code -Xmx} syntax such as {@code 512m}
 * @param maxNestingDepth how deep documents embedded in documents are followed
 * @param ocr whether text in pictures, scanned PDF pages and pictures embedded in documents is read by OCR
 * @param ocrMaxPixels pictures larger than this are scaled down to it before OCR (never refused)
 * @param ocrParallel pictures one child reads at the same time (and ONNX threads for each)
 */
public record ExtractionSettings(
        int poolSize,
        Duration timeout,
        int maxChars,
        String childHeap,
        int maxNestingDepth,
        boolean ocr,
        long ocrMaxPixels,
        int ocrParallel) {

    /** Reads poster-sized pictures at full resolution; larger ones lose little by being scaled. */
    public static final long DEFAULT_OCR_MAX_PIXELS = 16_000_000L;

    private static final Pattern HEAP = Pattern.compile("\\d+[kKmMgG]?");

    public ExtractionSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(childHeap, "childHeap");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1: " + maxChars);
        }
        if (!HEAP.matcher(childHeap).matches()) {
            throw new IllegalArgumentException("childHeap must look like 512m: " + childHeap);
        }
        if (maxNestingDepth < 0) {
            throw new IllegalArgumentException("maxNestingDepth must not be negative: " + maxNestingDepth);
        }
        if (ocrMaxPixels < 10_000) {
            throw new IllegalArgumentException("ocrMaxPixels must be at least 10000: " + ocrMaxPixels);
        }
        if (ocrParallel < 1) {
            throw new IllegalArgumentException("ocrParallel must be at least 1: " + ocrParallel);
        }
    }

    /** Settings with OCR on at its defaults. */
    public ExtractionSettings(int poolSize, Duration timeout, int maxChars, String childHeap, int maxNestingDepth) {
        this(poolSize, timeout, maxChars, childHeap, maxNestingDepth, true, DEFAULT_OCR_MAX_PIXELS, 1);
    }

    /** Two children of 512 MiB, 60 s per file, 2 million characters, embedded documents 3 levels deep. */
    public static ExtractionSettings defaults() {
        return new ExtractionSettings(2, Duration.ofSeconds(60), 2_000_000, "512m", 3);
    }

    public ExtractionSettings withPoolSize(int value) {
        return new ExtractionSettings(
                value, timeout, maxChars, childHeap, maxNestingDepth, ocr, ocrMaxPixels, ocrParallel);
    }

    public ExtractionSettings withTimeout(Duration value) {
        return new ExtractionSettings(
                poolSize, value, maxChars, childHeap, maxNestingDepth, ocr, ocrMaxPixels, ocrParallel);
    }

    public ExtractionSettings withMaxChars(int value) {
        return new ExtractionSettings(
                poolSize, timeout, value, childHeap, maxNestingDepth, ocr, ocrMaxPixels, ocrParallel);
    }

    public ExtractionSettings withChildHeap(String value) {
        return new ExtractionSettings(
                poolSize, timeout, maxChars, value, maxNestingDepth, ocr, ocrMaxPixels, ocrParallel);
    }

    public ExtractionSettings withOcr(boolean enabled, long maxPixels) {
        return new ExtractionSettings(
                poolSize, timeout, maxChars, childHeap, maxNestingDepth, enabled, maxPixels, ocrParallel);
    }
}
