package org.kepu.ingestion.rendition;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a decoded picture the way its EXIF orientation asks, for readers of pictures outside renditions
 * (OCR): a phone photo of a poster is stored sideways and only its EXIF says so, and text read sideways
 * is no text at all.
 */
public final class Upright {

    private Upright() {}

    /**
     * The picture decoded from {@code file}, turned upright; unchanged when the file is not a JPEG or
     * states no orientation.
     */
    public static BufferedImage of(BufferedImage decoded, Path file) throws IOException {
        int orientation;
        try (InputStream head = Files.newInputStream(file)) {
            orientation = ExifOrientation.of(head);
        }
        if (orientation == ExifOrientation.UPRIGHT) {
            return decoded;
        }
        return Pixels.oriented(Pixels.normalised(decoded, Pixels.hasTransparency(decoded)), orientation);
    }
}
