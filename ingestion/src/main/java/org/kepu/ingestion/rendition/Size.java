package org.kepu.ingestion.rendition;

/** Pixel dimensions of an image. */
record Size(int width, int height) {

    /** The largest size with the same aspect ratio that fits in a {@code box}×{@code box} square, never larger. */
    static Size fit(int width, int height, int box) {
        double scale = Math.min(1.0, (double) box / Math.max(width, height));
        return new Size(Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale)));
    }
}
