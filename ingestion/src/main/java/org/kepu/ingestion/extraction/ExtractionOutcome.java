package org.kepu.ingestion.extraction;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** The result of extracting the text of one file. */
public sealed interface ExtractionOutcome permits ExtractionOutcome.Success, ExtractionOutcome.Failure {

    /** Why an extraction failed, for logs and metrics; {@link Failure#reason()} is for people. */
    enum FailureKind {
        PASSWORD_PROTECTED,
        DAMAGED,
        NO_TEXT,
        TOO_LARGE,
        TIMEOUT,
        CRASHED,
        UNSUPPORTED,
        CANCELLED
    }

    /**
     * The text, UTF-8, in a temporary file that now belongs to the caller (move or delete it).
     * {@code chars} counts UTF-16 chars; {@code truncated} means the text was cut at the limit.
     * {@code html}, when present, is the sanitised HTML body ({@link org.kepu.ingestion.html.BodyHtml}),
     * UTF-8, in a temporary file that belongs to the caller too; its text is cut where the text is. It
     * is absent for files without structure of their own (subtitles, images, videos) and where the
     * markup exceeded its limits. {@code layout}, when present, is the {@link OcrLayout} of the parts of
     * the text read by OCR, as JSON in a temporary file that belongs to the caller too.
     */
    record Success(Path text, long chars, boolean truncated, Optional<Path> html, Optional<Path> layout)
            implements ExtractionOutcome {
        public Success {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(html, "html");
            Objects.requireNonNull(layout, "layout");
        }

        /** Text without OCR. */
        public Success(Path text, long chars, boolean truncated, Optional<Path> html) {
            this(text, chars, truncated, html, Optional.empty());
        }

        /** Text without an HTML body. */
        public Success(Path text, long chars, boolean truncated) {
            this(text, chars, truncated, Optional.empty());
        }
    }

    /** {@code reason} is written for the creator and can be shown as the FAILED status reason. */
    record Failure(FailureKind kind, String reason) implements ExtractionOutcome {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
