package org.kepu.search.query;

import java.time.Instant;
import java.util.List;

/** One work found; {@code highlights} are snippets of the original text with matches in {@code <em>}. */
public record SearchHit(
        String id,
        String title,
        float score,
        List<String> highlights,
        String status,
        List<String> topics,
        List<String> audiences,
        String kind,
        String ownerId,
        List<String> channels,
        Instant updatedAt,
        long revision) {}
