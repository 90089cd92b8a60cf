package org.kepu.search.index;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.kepu.search.query.Highlighter;
import org.kepu.search.query.SearchHit;

/** Builds hits the same way for both adapters, highlighting the stored original text. */
final class Hits {

    private final Highlighter highlighter;

    Hits(Highlighter highlighter) {
        this.highlighter = highlighter;
    }

    SearchHit hit(
            String id,
            float score,
            Set<String> terms,
            String title,
            String summary,
            String text,
            String status,
            List<String> topics,
            List<String> audiences,
            String kind,
            String ownerId,
            List<String> channels,
            Instant updatedAt,
            long revision) {
        List<String> highlights = highlighter.snippets(text, terms);
        if (highlights.isEmpty()) {
            highlights = highlighter.snippets(summary, terms);
        }
        return new SearchHit(
                id, title, score, highlights, status, topics, audiences, kind, ownerId, channels, updatedAt, revision);
    }
}
