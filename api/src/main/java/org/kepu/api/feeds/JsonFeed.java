package org.kepu.api.feeds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
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
        // an item needs content_text or content_html; the summary is the text kepu shares in a feed
        item.put("content_text", entry.summary().isEmpty() ? entry.title() : entry.summary());
        item.put("date_published", entry.publishedAt().toString());
        item.put("date_modified", entry.updatedAt().toString());
        item.put("authors", List.of(Map.of("name", entry.author())));
        item.put("tags", entry.topics());
        return item;
    }
}
