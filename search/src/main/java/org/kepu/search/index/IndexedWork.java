package org.kepu.search.index;

import java.time.Instant;
import java.util.List;

/**
 * A work as the index stores it: the manifest's facts, the original texts (for display, highlighting
 * and duplicate checks; of a long text only its first {@link WorkDocuments#MAX_STORED_CHARS}), and the pre-analysed token strings ({@code titleTokens}, {@code bodyTokens},
 * {@code terms}, {@code bigrams}) that both adapters index with a plain whitespace analyzer, and the
 * work's statistics facts ({@code facts}, opaque JSON, empty when none are kept).
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
        String facts) {

    public IndexedWork {
        facts = facts == null ? "" : facts;
        topics = List.copyOf(topics);
        audiences = List.copyOf(audiences);
        channels = List.copyOf(channels);
    }
}
