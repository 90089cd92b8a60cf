package org.kepu.ingestion.work;

import java.util.List;

/** What the creator says about a work; validated by the API before it reaches the repository. */
public record WorkMetadata(
        String title,
        String summary,
        String kind,
        List<String> topics,
        List<String> audiences,
        String license,
        List<String> references,
        boolean emergency) {

    public WorkMetadata {
        topics = topics == null ? List.of() : List.copyOf(topics);
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        references = references == null ? List.of() : List.copyOf(references);
    }
}
