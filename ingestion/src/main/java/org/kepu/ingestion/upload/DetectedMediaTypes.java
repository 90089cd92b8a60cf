package org.kepu.ingestion.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.kepu.ingestion.detect.Detection;
import org.kepu.ingestion.detect.HeadVerdict;
import org.kepu.ingestion.detect.MediaTypeDetector;

/** The upload's media-type check, answered by sniffing the bytes with {@link MediaTypeDetector}. */
public final class DetectedMediaTypes implements MediaTypeCheck {

    private final MediaTypeDetector detector;

    public DetectedMediaTypes(MediaTypeDetector detector) {
        this.detector = detector;
    }

    @Override
    public Optional<String> fromHead(byte[] head, String fileName) {
        HeadVerdict verdict = detector.inspectHead(head, fileName);
        if (verdict instanceof HeadVerdict.Accept accept) {
            return Optional.of(accept.mediaType());
        }
        if (verdict instanceof HeadVerdict.Reject reject) {
            throw new UnsupportedFileException(reject.reason());
        }
        return Optional.empty();
    }

    @Override
    public String fromWhole(Supplier<InputStream> content, String fileName) {
        try (InputStream in = content.get()) {
            Detection detection = detector.detectWhole(in, fileName);
            if (detection instanceof Detection.Accepted accepted) {
                return accepted.mediaType();
            }
            throw new UnsupportedFileException(((Detection.Rejected) detection).reason());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String subtitlesFromHead(byte[] head, String fileName) {
        Detection detection = detector.detectSubtitle(head, fileName);
        if (detection instanceof Detection.Accepted accepted) {
            return accepted.mediaType();
        }
        throw new UnsupportedFileException(((Detection.Rejected) detection).reason());
    }
}
