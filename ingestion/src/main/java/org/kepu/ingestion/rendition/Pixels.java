package org.kepu.ingestion.rendition;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Pixel work on images already decoded at a bounded size: transparency, scaling, orientation. */
final class Pixels {

    private Pixels() {}

    /** True when some pixel is not fully opaque; an alpha channel that is opaque everywhere does not count. */
    static boolean hasTransparency(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        int width = image.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                if (argb >>> 24 != 0xff) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Copies into a plain RGB or premultiplied ARGB raster, whatever the decoder produced (grey, palette,
     * 16-bit): scaling premultiplied keeps transparent pixels' hidden colours from bleeding into edges.
     */
    static BufferedImage normalised(BufferedImage image, boolean transparent) {
        BufferedImage copy = new BufferedImage(
                image.getWidth(),
                image.getHeight(),
                transparent ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return copy;
    }

    /**
     * Shrinks to the target size by halving first, then one bilinear step: a single bilinear step from
     * far larger would skip most source pixels and alias. The target is never larger than the image.
     */
    static BufferedImage scaled(BufferedImage image, Size target) {
        BufferedImage current = image;
        while (current.getWidth() / 2 >= target.width() && current.getHeight() / 2 >= target.height()) {
            current = resized(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != target.width() || current.getHeight() != target.height()) {
            current = resized(current, target.width(), target.height());
        }
        return current;
    }

    private static BufferedImage resized(BufferedImage image, int width, int height) {
        BufferedImage resized = new BufferedImage(width, height, image.getType());
        Graphics2D g = resized.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(
                    RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return resized;
    }

    /**
     * Turns the stored pixels upright as an EXIF orientation (1 to 8) asks; orientations 5 to 8 swap
     * width and height. Takes an image made by {@link #normalised} or {@link #scaled} (one int per pixel)
     * and moves pixel values as they are, so premultiplied colours are not rounded twice.
     */
    static BufferedImage oriented(BufferedImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        int outWidth = swap ? h : w;
        BufferedImage out = new BufferedImage(outWidth, swap ? w : h, image.getType());
        int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int to = switch (orientation) {
                    case 2 -> y * outWidth + (w - 1 - x);
                    case 3 -> (h - 1 - y) * outWidth + (w - 1 - x);
                    case 4 -> (h - 1 - y) * outWidth + x;
                    case 5 -> x * outWidth + y;
                    case 6 -> x * outWidth + (h - 1 - y);
                    case 7 -> (w - 1 - x) * outWidth + (h - 1 - y);
                    default -> (w - 1 - x) * outWidth + y;
                };
                dst[to] = src[y * w + x];
            }
        }
        return out;
    }

    /** A copy as non-premultiplied ARGB, which is what the PNG writer expects to store. */
    static BufferedImage straightAlpha(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_ARGB_PRE) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage copy = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        copy.setRGB(0, 0, w, h, image.getRGB(0, 0, w, h, null, 0, w), 0, w);
        return copy;
    }
}
