package org.kepu.ingestion.detect;

import java.util.Objects;

/** What the first bytes of an upload say: accept it, reject it, or look at the whole file. */
public sealed interface HeadVerdict permits HeadVerdict.Accept, HeadVerdict.Reject, HeadVerdict.NeedsWhole {

    enum Kind {
        ACCEPT,
        REJECT,
        NEEDS_WHOLE
    }

    Kind kind();

    /** The upload is one of the accepted types; {@code mediaType} may carry a charset parameter. */
    record Accept(String mediaType) implements HeadVerdict {
        public Accept {
            Objects.requireNonNull(mediaType, "mediaType");
        }

        @Override
        public Kind kind() {
            return Kind.ACCEPT;
        }
    }

    /** The upload is refused; {@code reason} is written for the creator. */
    record Reject(String reason) implements HeadVerdict {
        public Reject {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Kind kind() {
            return Kind.REJECT;
        }
    }

    /** A zip container: only its entries tell DOCX, PPTX, ODT and EPUB apart. */
    record NeedsWhole() implements HeadVerdict {
        @Override
        public Kind kind() {
            return Kind.NEEDS_WHOLE;
        }
    }
}
