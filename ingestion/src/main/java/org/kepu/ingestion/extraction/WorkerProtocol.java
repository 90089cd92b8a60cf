package org.kepu.ingestion.extraction;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The line protocol between {@link TextExtractor} and {@link ExtractionWorkerMain}. Fields are
 * URL-encoded so that file names with spaces, tabs or line breaks stay on one line.
 */
final class WorkerProtocol {

    static final String READY = "READY";
    static final String PARSE = "PARSE";

    /**
     * Starts every line the child writes for the parent. Native libraries in the child (the OCR engine)
     * print to the same stdout through their own C buffers, flushed whenever they fill, so their text
     * can arrive on its own lines or in front of a reply; the parent reads only what follows the mark.
     */
    static final String MARK = "\u0001kepu:";

    static String marked(String line) {
        return MARK + line;
    }

    /** The protocol line in a line of the child's stdout, or empty for anything else it printed. */
    static Optional<String> unmarked(String raw) {
        int at = raw.lastIndexOf(MARK);
        return at < 0 ? Optional.empty() : Optional.of(raw.substring(at + MARK.length()));
    }

    /**
     * {@code output} receives the text and {@code html} the sanitised HTML body, when there is one; the
     * layout of OCR text goes to {@link #layout()}, beside the output.
     */
    record Request(Path file, String resourceName, String mediaType, int maxChars, Path output, Path html) {

        Path layout() {
            return output.resolveSibling(output.getFileName() + ".ocr.json");
        }

        String toLine() {
            return String.join(
                    " ",
                    PARSE,
                    encode(file.toString()),
                    encode(resourceName),
                    encode(mediaType),
                    Integer.toString(maxChars),
                    encode(output.toString()),
                    encode(html.toString()));
        }

        static Optional<Request> parse(String line) {
            String[] parts = line.split(" ", -1);
            if (parts.length != 7 || !parts[0].equals(PARSE)) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Request(
                        Path.of(decode(parts[1])),
                        decode(parts[2]),
                        decode(parts[3]),
                        Integer.parseInt(parts[4]),
                        Path.of(decode(parts[5])),
                        Path.of(decode(parts[6]))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * A child's answer: text written (and whether an HTML body was written too), or a failure kind with
     * a technical detail for the log.
     */
    sealed interface Reply permits Ok, Err {}

    /** {@code layout}: part of the text was read by OCR and its layout written to {@link Request#layout()}. */
    record Ok(long chars, boolean truncated, boolean html, boolean layout) implements Reply {
        Ok(long chars, boolean truncated, boolean html) {
            this(chars, truncated, html, false);
        }

        String toLine() {
            return "OK " + chars + " " + truncated + " " + html + (layout ? " layout" : "");
        }
    }

    record Err(ExtractionOutcome.FailureKind kind, String detail) implements Reply {
        String toLine() {
            return "ERR " + kind.name() + " " + encode(detail);
        }
    }

    private WorkerProtocol() {}

    static Optional<Reply> parseReply(String line) {
        String[] parts = line.split(" ", -1);
        try {
            if ((parts.length == 4 || (parts.length == 5 && parts[4].equals("layout"))) && parts[0].equals("OK")) {
                return Optional.of(new Ok(
                        Long.parseLong(parts[1]),
                        Boolean.parseBoolean(parts[2]),
                        Boolean.parseBoolean(parts[3]),
                        parts.length == 5));
            }
            if (parts.length == 3 && parts[0].equals("ERR")) {
                return Optional.of(new Err(ExtractionOutcome.FailureKind.valueOf(parts[1]), decode(parts[2])));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
