package org.kepu.api.feeds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1). The format has no tombstones: outlets learn of
 * departures through delta sync or webhooks.
 */
final class JsonFeed {

    static final String VERSION = "https://jsonfeed.org/version/1.1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonFeed() {}

    static byte[] render(Feed feed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("title", feed.channel().title());
        body.put("description", feed.description());
        body.put("feed_url", feed.url(FeedFormat.JSON));
        body.put("items", feed.entries().stream().map(JsonFeed::item).toList());
        return JSON.writeValueAsBytes(body);
    }

    private static Map<String, Object> item(FeedEntry entry) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", entry.urn());
        item.put("url", entry.url());
        item.put("title", entry.title());
        item.put("summary", entry.summary());
        // an item needs content_text or content_html; without a body the summary stands in
        if (entry.contentHtml() != null) {
            item.put("content_html", entry.contentHtml());
        } else {
            item.put("content_text", entry.summary().isEmpty() ? entry.title() : entry.summary());
        }
        if (entry.thumbnail() != null) {
            item.put("image", entry.thumbnail().url());
        }
        item.put("date_published", entry.publishedAt().toString());
        item.put("date_modified", entry.updatedAt().toString());
        if (entry.by() != null) {
            item.put("authors", List.of(Map.of("name", entry.by())));
        }
        item.put("tags", entry.topics());
        if (entry.enclosure() != null) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("url", entry.enclosure().url());
            file.put("mime_type", entry.enclosure().mediaType());
            file.put("size_in_bytes", entry.enclosure().size());
            item.put("attachments", List.of(file));
        }
        return item;
    }
}
