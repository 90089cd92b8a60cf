package org.kepu.api.feeds;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.MediaType;

/** The three feed formats, named by the extension of the feed's path. */
enum FeedFormat {
    ATOM("atom", "atom+xml", XmlFeeds::atom),
    RSS("rss", "rss+xml", XmlFeeds::rss),
    JSON("json", "feed+json", JsonFeed::render);

    private final String extension;
    private final MediaType mediaType;
    private final Function<Feed, byte[]> renderer;

    FeedFormat(String extension, String subtype, Function<Feed, byte[]> renderer) {
        this.extension = extension;
        this.mediaType = new MediaType("application", subtype, StandardCharsets.UTF_8);
        this.renderer = renderer;
    }

    static Optional<FeedFormat> byExtension(String extension) {
        return Arrays.stream(values())
                .filter(f -> f.extension.equals(extension))
                .findFirst();
    }

    String extension() {
        return extension;
    }

    MediaType mediaType() {
        return mediaType;
    }

    byte[] render(Feed feed) {
        return renderer.apply(feed);
    }
}
