package org.kepu.api.feeds;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;

/**
 * A published work as feeds and delta sync show it, read from its manifest. The author is the creator's
 * id; the link is the work's API URL, since kepu serves no public copy of a work's file or text.
 */
record FeedEntry(
        String id,
        String title,
        String summary,
        String kind,
        List<String> topics,
        List<String> audiences,
        String author,
        String url,
        Instant publishedAt,
        Instant updatedAt,
        long revision) {

    static FeedEntry of(Work work, String baseUrl) {
        WorkMetadata m = work.metadata();
        Publication p = work.review().publication();
        Instant published = p != null && p.publishedAt() != null ? p.publishedAt() : work.updatedAt();
        return new FeedEntry(
                work.id(),
                m == null || m.title() == null ? "" : m.title(),
                m == null || m.summary() == null ? "" : m.summary(),
                m == null || m.kind() == null ? "" : m.kind(),
                m == null ? List.of() : m.topics(),
                m == null ? List.of() : m.audiences(),
                work.owner() == null ? "" : work.owner(),
                baseUrl + "/api/v1/works/" + work.id(),
                published,
                work.updatedAt(),
                work.revision());
    }

    /** Stable across edits, instances and base URLs, so readers never see one work twice. */
    String urn() {
        return "urn:kepu:work:" + id;
    }

    /** An item of delta sync. */
    Map<String, Object> json() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("guid", urn());
        item.put("title", title);
        item.put("summary", summary);
        item.put("kind", kind);
        item.put("topics", topics);
        item.put("audiences", audiences);
        item.put("author", author);
        item.put("url", url);
        item.put("publishedAt", publishedAt.toString());
        item.put("updatedAt", updatedAt.toString());
        item.put("revision", revision);
        return item;
    }
}
