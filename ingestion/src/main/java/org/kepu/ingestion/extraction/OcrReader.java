package org.kepu.ingestion.extraction;

import com.benjaminwan.ocrlibrary.OcrResult;
import com.benjaminwan.ocrlibrary.Point;
import com.benjaminwan.ocrlibrary.TextBlock;
import io.github.mymonstercat.Model;
import io.github.mymonstercat.ocr.InferenceEngine;
import io.github.mymonstercat.ocr.config.HardwareConfig;
import io.github.mymonstercat.ocr.config.ParamConfig;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the text in a picture with RapidOCR (PP-OCRv4 on ONNX Runtime, native, in this child JVM). The
 * models load on the first picture, not when the child starts, so children that never meet a picture
 * never pay for them. Pictures above the pixel budget are scaled down to it, never refused; boxes are
 * given back in the picture's own pixels. At most {@code parallel} pictures are read at once.
 */
final class OcrReader {

    /** A recognised line; the box is in the pixels of the picture passed in. */
    record Block(String text, OcrLayout.Box box, double confidence) {}

    static final float UNCLIP_RATIO = 2.5f;

    /**
     * Longest side the line detector works on. Its memory and time grow with the pixels: on a scanned A4
     * page at 200 DPI (2339 px) the child's resident memory reached 1.1 GB at full size, 670 MB at 1600 px
     * and 400 MB at 1024 px, the page taking about 2.5 times as long at full size, with the same text read.
     * 1600 keeps small print on large posters findable.
     */
    static final int MAX_DETECTION_SIDE = 1600;

    private final long maxPixels;
    private final int threads;
    private final Semaphore permits;
    private InferenceEngine engine;

    OcrReader(long maxPixels, int parallel) {
        if (maxPixels < 10_000) {
            throw new IllegalArgumentException("maxPixels must be at least 10000: " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.threads = Math.max(1, parallel);
        this.permits = new Semaphore(threads, true);
    }

    long maxPixels() {
        return maxPixels;
    }

    /** Decodes the first frame of an image stream (PNG, JPEG, WebP, GIF, TIFF, BMP) at most at the budget. */
    BufferedImage decode(InputStream content) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(content)) {
            if (input == null) {
                throw new IOException("the image cannot be read");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new IOException("no decoder for the image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                // Subsampling while decoding keeps a huge picture's raster small; the rest is scaled below.
                int step = 1;
                while ((width / step) * (height / step) > 4 * maxPixels) {
                    step++;
                }
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                return step == 1 ? image : resize(image, width, height);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Brings a subsampled raster back to the original's proportions, so boxes scale by one factor. */
    private static BufferedImage resize(BufferedImage image, long width, long height) {
        double scale = Math.min((double) image.getWidth() / width, (double) image.getHeight() / height);
        return scaled(image, (int) Math.max(1, width * scale), (int) Math.max(1, height * scale));
    }

    /**
     * The lines of text in {@code image} in reading order (top to bottom, then left to right);
     * empty when it holds none. {@code sourceWidth} is the width of the picture the boxes are meant
     * for, when {@code image} was already scaled from it.
     */
    List<Block> read(BufferedImage image, int sourceWidth) throws IOException {
        long pixels = (long) image.getWidth() * image.getHeight();
        double down = pixels > maxPixels ? Math.sqrt((double) maxPixels / pixels) : 1.0;
        int width = Math.max(1, (int) (image.getWidth() * down));
        int height = Math.max(1, (int) (image.getHeight() * down));
        // Also flattens transparency onto white, which the recogniser would otherwise read as black.
        BufferedImage rgb = scaled(image, width, height);
        double toSource = (double) sourceWidth / width;
        Path file = Files.createTempFile("kepu-ocr-", ".bmp");
        try {
            if (!ImageIO.write(rgb, "bmp", file.toFile())) {
                throw new IOException("cannot write the picture for OCR");
            }
            OcrResult result = run(file, Math.max(width, height));
            List<Block> blocks = new ArrayList<>();
            for (TextBlock block : result.getTextBlocks()) {
                String text = block.getText() == null ? "" : block.getText().strip();
                if (!text.isEmpty()) {
                    blocks.add(new Block(text, box(block.getBoxPoint(), toSource), confidence(block)));
                }
            }
            blocks.sort(READING_ORDER);
            return blocks;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Lines whose vertical middles are within half a line of each other read left to right. */
    private static final Comparator<Block> READING_ORDER = (a, b) -> {
        int middleA = a.box().y() + a.box().h() / 2;
        int middleB = b.box().y() + b.box().h() / 2;
        int tolerance = Math.max(1, Math.min(a.box().h(), b.box().h()) / 2);
        if (Math.abs(middleA - middleB) <= tolerance) {
            return Integer.compare(a.box().x(), b.box().x());
        }
        return Integer.compare(middleA, middleB);
    };

    private OcrResult run(Path file, int maxSide) throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for OCR", e);
        }
        try {
            ParamConfig param = ParamConfig.getDefaultConfig();
            // Lines are found on the picture scaled to at most MAX_DETECTION_SIDE and read from the full one.
            param.setMaxSideLen(Math.min(maxSide, MAX_DETECTION_SIDE));
            // Wider boxes than the default 1.6 keep a line's last full stop, which the tight box cut off.
            param.setUnClipRatio(UNCLIP_RATIO);
            return engine().runOcr(file.toString(), param);
        } finally {
            permits.release();
        }
    }

    private synchronized InferenceEngine engine() throws IOException {
        if (engine == null) {
            OcrFiles.stage(OcrFiles.defaultDirectory());
            // PP-OCRv4 read the fixtures' 千 and 万 that v3 took for 干 and 方, at about the same speed.
            engine = InferenceEngine.getInstance(Model.ONNX_PPOCR_V4, new HardwareConfig(threads, -1));
        }
        return engine;
    }

    private static OcrLayout.Box box(List<Point> points, double scale) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = 0;
        int maxY = 0;
        for (Point p : points) {
            minX = Math.min(minX, p.getX());
            minY = Math.min(minY, p.getY());
            maxX = Math.max(maxX, p.getX());
            maxY = Math.max(maxY, p.getY());
        }
        return new OcrLayout.Box(
                (int) Math.round(Math.max(0, minX) * scale),
                (int) Math.round(Math.max(0, minY) * scale),
                (int) Math.round((maxX - Math.max(0, minX)) * scale),
                (int) Math.round((maxY - Math.max(0, minY)) * scale));
    }

    private static double confidence(TextBlock block) {
        float[] scores = block.getCharScores();
        if (scores == null || scores.length == 0) {
            return block.getBoxScore();
        }
        double sum = 0;
        for (float score : scores) {
            sum += score;
        }
        return Math.round(sum / scores.length * 1000) / 1000.0;
    }

    private static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
