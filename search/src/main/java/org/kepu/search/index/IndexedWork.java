package org.kepu.search.index;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A work as the index stores it: the manifest's facts, the original texts (for display, highlighting
 * and duplicate checks; of a long text only its first {@link WorkDocuments#MAX_STORED_CHARS}), and the pre-analysed token strings ({@code titleTokens}, {@code bodyTokens},
 * {@code terms}, {@code bigrams}) that both adapters index with a plain whitespace analyzer, and the
 * work's statistics facts ({@code facts}, opaque JSON, empty when none are kept) and its dense vector
 * when one was computed for its version.
 */
public record IndexedWork(
        String id,
        long revision,
        String ownerId,
        String status,
        String kind,
        List<String> topics,
        List<String> audiences,
        List<String> channels,
        Instant createdAt,
        Instant updatedAt,
        String title,
        String summary,
        String text,
        String titleTokens,
        String bodyTokens,
        String terms,
        String bigrams,
        String facts,
        Optional<float[]> vector) {

    public IndexedWork {
        facts = facts == null ? "" : facts;
        topics = List.copyOf(topics);
        audiences = List.copyOf(audiences);
        channels = List.copyOf(channels);
    }

    /** A work with its statistics facts, without a vector. */
    public IndexedWork(
            String id,
            long revision,
            String ownerId,
            String status,
            String kind,
            List<String> topics,
            List<String> audiences,
            List<String> channels,
            Instant createdAt,
            Instant updatedAt,
            String title,
            String summary,
            String text,
            String titleTokens,
            String bodyTokens,
            String terms,
            String bigrams,
            String facts) {
        this(
                id,
                revision,
                ownerId,
                status,
                kind,
                topics,
                audiences,
                channels,
                createdAt,
                updatedAt,
                title,
                summary,
                text,
                titleTokens,
                bodyTokens,
                terms,
                bigrams,
                facts,
                Optional.empty());
    }

    public IndexedWork withVector(float[] value) {
        return new IndexedWork(
                id,
                revision,
                ownerId,
                status,
                kind,
                topics,
                audiences,
                channels,
                createdAt,
                updatedAt,
                title,
                summary,
                text,
                titleTokens,
                bodyTokens,
                terms,
                bigrams,
                facts,
                Optional.of(value));
    }
}
