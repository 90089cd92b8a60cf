package org.kepu.ingestion.rendition;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an uploaded image without trusting it: the dimensions come from the header before any pixel
 * is decoded, images above a pixel budget are refused, and large images are decoded with source
 * subsampling, so the decoded raster stays below twice the wanted size in each direction whatever the
 * original's size. Only the first frame of an animation is read.
 */
final class RenditionDecoder {

    static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /**
     * The WebP plugin is pure Java and ignores subsampling while it decodes: it needs about 25 bytes a
     * pixel for lossy WebP whatever the output size (measured: 16 megapixels fit in 512 MB of heap, 64 do
     * not in 1.2 GB), so WebP gets a budget of its own.
     */
    static final long WEBP_MAX_PIXELS = 16_000_000L;

    private final long maxPixels;

    RenditionDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    private long budget(String mediaType) {
        return "image/webp".equals(mediaType) ? Math.min(maxPixels, WEBP_MAX_PIXELS) : maxPixels;
    }

    /** The decoded first image and the original's dimensions as its header states them. */
    record Decoded(BufferedImage image, int sourceWidth, int sourceHeight) {}

    /**
     * Decodes an image of {@code mediaType} from the stream, at a size no smaller than what fits in a
     * {@code box}×{@code box} square (or at full size when the image is smaller). Does not close the stream.
     */
    Decoded decode(InputStream content, String mediaType, int box) {
        String label = label(mediaType);
        try (ImageInputStream input = ImageIO.createImageInputStream(content)) {
            if (input == null) {
                throw new RenditionException("the " + label + " image cannot be read");
            }
            ImageReader reader = readerFor(input, mediaType)
                    .orElseThrow(() -> new RenditionException("the file is not a readable " + label + " image"));
            try {
                return decode(reader, input, label, budget(mediaType), box);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RenditionException refused) {
                throw refused;
            }
            // Decoders of hostile input fail with all kinds of runtime exceptions, not only IOException.
            throw new RenditionException("the " + label + " image is damaged or truncated and cannot be decoded", e);
        }
    }

    private Decoded decode(ImageReader reader, ImageInputStream input, String label, long maxPixels, int box)
            throws IOException {
        // Metadata is ignored so that oversized text or profile chunks are skipped, not parsed.
        reader.setInput(input, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new RenditionException("the " + label + " image declares no pixels");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new RenditionException(String.format(
                    Locale.ROOT,
                    "the %s image is %d × %d pixels (%d megapixels); %s images above %d megapixels are refused",
                    label,
                    width,
                    height,
                    pixels / 1_000_000,
                    label,
                    maxPixels / 1_000_000));
        }
        Size target = Size.fit(width, height, box);
        ImageReadParam param = reader.getDefaultReadParam();
        int step = subsampling(width, height, target.width(), target.height());
        if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0, param);
        // The JPEG decoder only warns about a file cut short ("Truncated File - Missing EOI marker",
        // "premature end of data segment") and fills the missing rows with grey.
        if (warnings.stream()
                .map(w -> w.toLowerCase(Locale.ROOT))
                .anyMatch(w -> w.contains("truncated") || w.contains("premature end"))) {
            throw new RenditionException("the " + label + " image is truncated");
        }
        return new Decoded(image, width, height);
    }

    /**
     * The largest whole step that keeps the subsampled image at least as large as the target, so the
     * final scaling only ever shrinks.
     */
    static int subsampling(int width, int height, int targetWidth, int targetHeight) {
        return Math.max(1, Math.min(width / targetWidth, height / targetHeight));
    }

    /**
     * A reader registered for the media type that recognises the bytes. Choosing by the sniffed media type
     * (not by asking every plugin) keeps unrelated decoders on the classpath away from uploads.
     */
    private static Optional<ImageReader> readerFor(ImageInputStream input, String mediaType) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mediaType);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getOriginatingProvider().canDecodeInput(input)) {
                return Optional.of(reader);
            }
            reader.dispose();
        }
        return Optional.empty();
    }

    static String label(String mediaType) {
        return switch (mediaType) {
            case "image/png" -> "PNG";
            case "image/jpeg" -> "JPEG";
            case "image/webp" -> "WebP";
            case "image/gif" -> "GIF";
            case "image/bmp" -> "BMP";
            case "image/tiff" -> "TIFF";
            default -> mediaType;
        };
    }
}
