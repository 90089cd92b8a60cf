package org.kepu.ingestion.work;

import java.util.List;
import java.util.Set;

/**
 * What the creator says about a work; validated by the API before it reaches the repository.
 *
 * @param byline the name under which outlets credit the work; without one they are shown no creator at
 *     all, never the creator's account id
 */
public record WorkMetadata(
        String title,
        String summary,
        String kind,
        List<String> topics,
        List<String> audiences,
        String license,
        List<String> references,
        boolean emergency,
        String byline) {

    /** The closed vocabularies of {@code kind} and {@code audiences}, in lower case. */
    public static final Set<String> KINDS =
            Set.of("article", "document", "slides", "comic", "poster", "video", "animation", "game", "other");

    public static final Set<String> AUDIENCES = Set.of("public", "youth", "elderly", "farmers", "workers", "officials");

    public WorkMetadata {
        topics = topics == null ? List.of() : List.copyOf(topics);
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        references = references == null ? List.of() : List.copyOf(references);
    }

    public WorkMetadata(
            String title,
            String summary,
            String kind,
            List<String> topics,
            List<String> audiences,
            String license,
            List<String> references,
            boolean emergency) {
        this(title, summary, kind, topics, audiences, license, references, emergency, null);
    }
}
