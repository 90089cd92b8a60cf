package org.kepu.ingestion.rendition;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images the tests draw and encode themselves. */
public final class TestImages {

    private TestImages() {}

    /** An opaque poster with a diagonal gradient, so that scaling has something to average. */
    static BufferedImage aPoster(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, new Color(20, 90, 160), width, height, new Color(230, 200, 40)));
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Left half {@code left}, right half {@code right}; either may be transparent. */
    static BufferedImage halves(int width, int height, Color left, Color right) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x < width / 2 ? left : right).getRGB());
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG whose header claims the given size and whose image data is a single empty chunk. */
    static byte[] pngClaiming(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", new byte[0]);
        chunk(png, "IEND", new byte[0]);
        return png.array();
    }

    private static void chunk(ByteBuffer png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    }

    /** The start of an extended WebP whose canvas claims the given size, and no image data. */
    static byte[] webpClaiming(int width, int height) {
        ByteBuffer webp = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        webp.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22);
        webp.put("WEBPVP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10);
        webp.putInt(0);
        putUInt24(webp, width - 1);
        putUInt24(webp, height - 1);
        return webp.array();
    }

    private static void putUInt24(ByteBuffer buffer, int value) {
        buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    /** The JPEG with the frame header's size replaced, as a hostile file would claim it. */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        for (int i = 2; i + 8 < patched.length; i++) {
            if ((patched[i] & 0xff) == 0xFF && (patched[i + 1] & 0xff) == 0xC0) {
                patched[i + 5] = (byte) (height >> 8);
                patched[i + 6] = (byte) height;
                patched[i + 7] = (byte) (width >> 8);
                patched[i + 8] = (byte) width;
                return patched;
            }
        }
        throw new IllegalArgumentException("no baseline frame header");
    }

    /** The JPEG with an EXIF segment stating the orientation inserted right after its start marker. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        // Big-endian TIFF: header, one IFD with one SHORT entry (tag 0x0112), no next IFD.
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4)
                .put(new byte[] {'M', 'M', 0, 42})
                .putInt(8)
                .putShort((short) 1)
                .putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0)
                .putInt(0);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + exif.length + tiff.capacity();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
        out.put(jpeg, 0, 2)
                .put((byte) 0xFF)
                .put((byte) 0xE1)
                .putShort((short) length)
                .put(exif)
                .put(tiff.array())
                .put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }
}
