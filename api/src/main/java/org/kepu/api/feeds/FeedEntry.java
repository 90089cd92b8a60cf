package org.kepu.api.feeds;

import java.time.Instant;
import java.util.List;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;

/**
 * A published work as a feed shows it, read from its manifest: links lead to the item route of the
 * channel, which every reader of the feed may open. The author is the creator's public byline, never an
 * account id.
 *
 * @param by the byline, or null
 * @param contentHtml the sanitised body, or null where a feed carries only the summary
 * @param enclosure the file a reader downloads (RSS allows one), or null
 * @param thumbnail a small picture of the work, or null
 */
record FeedEntry(
        String id,
        String title,
        String summary,
        String kind,
        List<String> topics,
        List<String> audiences,
        String by,
        String license,
        String url,
        Instant publishedAt,
        Instant updatedAt,
        long revision,
        String contentHtml,
        Link enclosure,
        Link thumbnail) {

    /** A file of the work as feeds link it: a stable URL that answers with a short-lived download link. */
    record Link(String url, String mediaType, long size, Integer width, Integer height) {}

    static FeedEntry of(Work work, String channel, String baseUrl) {
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
                m == null ? null : m.byline(),
                m == null ? null : m.license(),
                itemUrl(baseUrl, channel, work.id()),
                published,
                work.updatedAt(),
                work.revision(),
                null,
                null,
                null);
    }

    FeedEntry withContent(String html, Link newEnclosure, Link newThumbnail) {
        return new FeedEntry(
                id,
                title,
                summary,
                kind,
                topics,
                audiences,
                by,
                license,
                url,
                publishedAt,
                updatedAt,
                revision,
                html,
                newEnclosure,
                newThumbnail);
    }

    static String itemUrl(String baseUrl, String channel, String id) {
        return baseUrl + "/api/v1/channels/" + channel + "/items/" + id;
    }

    /** Stable across edits, instances and base URLs, so readers never see one work twice. */
    String urn() {
        return urn(id);
    }

    static String urn(String id) {
        return "urn:kepu:work:" + id;
    }
}
