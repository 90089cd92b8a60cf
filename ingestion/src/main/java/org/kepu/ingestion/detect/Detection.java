package org.kepu.ingestion.detect;

import java.util.Objects;

/** The final media-type decision for a whole upload. */
public sealed interface Detection permits Detection.Accepted, Detection.Rejected {

    boolean accepted();

    /** {@code mediaType} may carry a charset parameter, e.g. {@code text/plain; charset=GB18030}. */
    record Accepted(String mediaType) implements Detection {
        public Accepted {
            Objects.requireNonNull(mediaType, "mediaType");
        }

        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** {@code reason} is written for the creator. */
    record Rejected(String reason) implements Detection {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean accepted() {
            return false;
        }
    }
}
