package org.kepu.review.checks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kepu.ingestion.work.WorkMetadata;

/**
 * The text to screen and what its creator declared about it.
 *
 * @param workId the work being screened, so duplicate search can skip it; null for ad-hoc text
 */
public record ScreeningInput(
        String text,
        String workId,
        String title,
        String kind,
        List<String> topics,
        List<String> audiences,
        List<String> references,
        String license,
        boolean emergency) {

    public ScreeningInput {
        Objects.requireNonNull(text, "text");
        topics = topics == null ? List.of() : List.copyOf(topics);
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** Text without metadata, as posted to the ad-hoc checks endpoint. */
    public static ScreeningInput ofText(String text) {
        return new ScreeningInput(text, null, null, null, List.of(), List.of(), List.of(), null, false);
    }

    public static ScreeningInput of(String text, String workId, WorkMetadata metadata) {
        return new ScreeningInput(
                text,
                workId,
                metadata.title(),
                metadata.kind(),
                metadata.topics(),
                metadata.audiences(),
                metadata.references(),
                metadata.license(),
                metadata.emergency());
    }

    public ScreeningInput withText(String newText) {
        return new ScreeningInput(newText, workId, title, kind, topics, audiences, references, license, emergency);
    }

    public ScreeningInput withTopics(List<String> newTopics) {
        return new ScreeningInput(text, workId, title, kind, newTopics, audiences, references, license, emergency);
    }

    public ScreeningInput withAudiences(List<String> newAudiences) {
        return new ScreeningInput(text, workId, title, kind, topics, newAudiences, references, license, emergency);
    }

    public ScreeningInput withReferences(List<String> newReferences) {
        return new ScreeningInput(text, workId, title, kind, topics, audiences, newReferences, license, emergency);
    }

    public ScreeningInput withLicense(String newLicense) {
        return new ScreeningInput(text, workId, title, kind, topics, audiences, references, newLicense, emergency);
    }

    Optional<String> workIdIfAny() {
        return Optional.ofNullable(workId);
    }

    boolean hasLicense() {
        return license != null && !license.isBlank();
    }
}
