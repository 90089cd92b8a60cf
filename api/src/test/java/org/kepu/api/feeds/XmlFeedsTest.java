package org.kepu.api.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.review.channels.Channel;
import org.w3c.dom.Document;

/** Text a creator may type that XML cannot carry as it is. */
class XmlFeedsTest {

    private static final Instant WHEN = Instant.parse("2026-11-29T08:00:00Z");

    @Test
    void markupIsEscapedAndCharactersXmlCannotCarryAreDropped() throws Exception {
        String title = "a<b>&c\"d\u0001e\ud800f 𝌆";
        FeedEntry entry = new FeedEntry(
                "w1",
                title,
                "x]]>y",
                "article",
                List.of("t&<"),
                List.of(),
                "科普小组",
                "CC BY 4.0",
                "http://h/api/v1/channels/kids/items/w1",
                WHEN,
                WHEN,
                3,
                "<p>正文 &amp; \u0001更多</p>",
                new FeedEntry.Link(
                        "http://h/api/v1/channels/kids/items/w1/files/original", "text/markdown", 12, null, null),
                null);
        Feed feed = new Feed(
                new Channel("kids", "少儿 & <科普>", "", true, List.of(), WHEN),
                "http://h",
                List.of(entry),
                List.of(new Feed.Departure("urn:kepu:work:w0", WHEN, "撤回 <原因>", "http://h/x")));

        for (byte[] xml : List.of(XmlFeeds.atom(feed), XmlFeeds.rss(feed))) {
            Document doc = FeedApiTest.parse(xml);
            String text = doc.getDocumentElement().getTextContent();
            assertThat(text).contains("a<b>&c\"de" + "f 𝌆", "少儿 & <科普>", "<p>正文 &amp; 更多</p>");
            // the summary is text: Atom says so, RSS readers take a description as HTML, so it is escaped
            assertThat(text).containsAnyOf("x]]>y", "x]]&gt;y");
        }
        assertThat(new String(XmlFeeds.atom(feed), StandardCharsets.UTF_8)).contains("term=\"t&amp;&lt;\"");
    }

    @Test
    void anUnchangedFeedRendersToTheSameBytes() {
        Feed feed = new Feed(new Channel("kids", "少儿", "", false, List.of(), WHEN), "http://h", List.of(), List.of());
        for (FeedFormat format : FeedFormat.values()) {
            assertThat(format.render(feed)).isEqualTo(format.render(feed));
        }
    }
}
