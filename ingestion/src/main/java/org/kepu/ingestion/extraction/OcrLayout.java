package org.kepu.ingestion.extraction;

import java.util.List;
import java.util.Optional;
import org.kepu.ingestion.work.WorkRepository;

/**
 * Where the text that optical character recognition read lies: one entry per recognised line, with the
 * line's char offsets in the extracted text and its place in the picture it was read from. Stored as
 * JSON beside the text ({@link #key}); a version without any OCR text has no layout object.
 *
 * @param lines in the order of the text, offsets ascending and not overlapping
 */
public record OcrLayout(List<Line> lines) {

    /** The object name beside {@code text.txt}. */
    public static final String FILE_NAME = "text.ocr.json";

    public OcrLayout {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /**
     * One recognised line.
     *
     * @param start char offset of the line in the extracted text, inclusive
     * @param end char offset, exclusive
     * @param page 1-based page or slide of a PDF, 1 for an image; null for a picture embedded in a
     *     document whose page Tika does not tell
     * @param source for a picture embedded in a document, its name there (e.g. {@code image1.png}); else null
     * @param box where the line is, in pixels of the picture as read (for a PDF page, rendered at {@code dpi})
     * @param confidence the recogniser's mean confidence over the line's characters, 0 to 1
     * @param dpi resolution a PDF page was rendered at; 0 for a picture, whose box is in its own pixels
     */
    public record Line(int start, int end, Integer page, String source, Box box, double confidence, int dpi) {}

    /** A rectangle in pixels: left, top, width, height. */
    public record Box(int x, int y, int w, int h) {}

    public static String key(String workId, int version) {
        return WorkRepository.versionKey(workId, version, FILE_NAME);
    }

    /**
     * The first line that the span {@code [start, end)} overlaps, if it lies in OCR text. An empty span
     * marks no text (findings about the metadata use {@code 0..0}), so it lies in no line.
     */
    public Optional<Line> lineAt(int start, int end) {
        if (end <= start) {
            return Optional.empty();
        }
        for (Line line : lines) {
            if (line.start() < end && start < line.end()) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }
}
