package org.kepu.ingestion.rendition;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes renditions in formats every browser and outlet shows: JPEG for opaque images, PNG where
 * transparency must survive. The same pixels always give the same bytes, so concurrent builders of one
 * rendition write identical objects.
 */
final class WebEncoder {

    static final float JPEG_QUALITY = 0.85f;

    private WebEncoder() {}

    record Encoded(byte[] bytes, String contentType, String extension) {}

    static Encoded encode(BufferedImage image, boolean transparent) {
        return transparent
                ? new Encoded(write(Pixels.straightAlpha(image), "png", null), "image/png", "png")
                : new Encoded(write(image, "jpeg", JPEG_QUALITY), "image/jpeg", "jpg");
    }

    private static byte[] write(BufferedImage image, String format, Float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            // Writing to memory does not fail for I/O reasons; this is a broken writer.
            throw new UncheckedIOException("cannot encode " + format, e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
