package org.kepu.ingestion.extraction;

import java.nio.file.Path;
import java.util.Objects;

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
     */
    record Success(Path text, long chars, boolean truncated) implements ExtractionOutcome {
        public Success {
            Objects.requireNonNull(text, "text");
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
