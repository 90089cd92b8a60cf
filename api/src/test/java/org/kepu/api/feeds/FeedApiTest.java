package org.kepu.api.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Feeds and delta sync in embedded mode, with works walked to publication through the API. A
 * development token's {@code azp} is its subject, so the outlet token for {@code kids-app} is that client.
 * The tests share one application and one published work, and each uses its own channels.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class FeedApiTest {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    static final String TITLE = "光为什么<跑得&最快>? \"光速\"";
    private static final String SUMMARY = "光速约为每秒30万公里 & 更多";
    private static final String LIGHT = "# 光的速度\n\n光速约为每秒30万公里。\n\n光从太阳到地球大约需要8分钟。\n";
    private static final String SOUND = "# 声音\n\n声音在空气中的传播速度约为每秒340米。\n\n所以雷声总在闪电之后传到耳边。\n";

    /** The work published to {@code fd-kids} and {@code fd-open}, once for all tests. */
    private static String published;

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-feed-api").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    private Works works;
    private String admin;

    @BeforeEach
    void setUp() {
        works = new Works(web);
        admin = works.token("adam", "admin");
        if (published == null) {
            works.channel(admin, "fd-kids", false, List.of("kids-app"));
            works.channel(admin, "fd-open", true, List.of());
            works.channel(admin, "fd-other", false, List.of("other-app"));
            published = works.publish(admin, TITLE, SUMMARY, "光学", LIGHT, List.of("fd-kids", "fd-open"));
            works.assertInFeed(works.token("kids-app", "outlet"), "/feeds/fd-kids.json", published);
        }
    }

    @Test
    void atomHasTheWorkAsAnEntryWithItsTitleEscaped() throws Exception {
        EntityExchangeResult<byte[]> result = feed(works.token("kids-app", "outlet"), "/feeds/fd-kids.atom");
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(type("atom+xml"));
        String raw = new String(result.getResponseBody(), StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain("<跑得&最快>").contains("&lt;跑得&amp;最快");

        Element feed = parse(result.getResponseBody()).getDocumentElement();
        assertThat(feed.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(feed.getLocalName()).isEqualTo("feed");
        assertThat(child(feed, ATOM, "id").getTextContent()).isEqualTo("urn:kepu:channel:fd-kids");
        NodeList entries = feed.getElementsByTagNameNS(ATOM, "entry");
        assertThat(entries.getLength()).isEqualTo(1);
        Element entry = (Element) entries.item(0);
        assertThat(child(entry, ATOM, "id").getTextContent()).isEqualTo("urn:kepu:work:" + published);
        assertThat(child(entry, ATOM, "title").getTextContent()).isEqualTo(TITLE);
        assertThat(child(entry, ATOM, "summary").getTextContent()).isEqualTo(SUMMARY);
        assertThat(child(entry, ATOM, "link").getAttribute("href"))
                .endsWith("/api/v1/channels/fd-kids/items/" + published);
        assertThat(child(entry, ATOM, "category").getAttribute("term")).isEqualTo("光学");
        assertThat(child(child(entry, ATOM, "author"), ATOM, "name").getTextContent())
                .isEqualTo(Works.BYLINE);
        assertThat(raw).doesNotContain("alice");
        Instant when = Instant.parse(child(entry, ATOM, "published").getTextContent());
        assertThat(Instant.parse(child(entry, ATOM, "updated").getTextContent()))
                .isAfterOrEqualTo(when);
    }

    @Test
    void rssHasTheWorkAsAnItem() throws Exception {
        EntityExchangeResult<byte[]> result = feed(works.token("ed", "editor"), "/feeds/fd-kids.rss");
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(type("rss+xml"));

        Element rss = parse(result.getResponseBody()).getDocumentElement();
        assertThat(rss.getLocalName()).isEqualTo("rss");
        assertThat(rss.getAttribute("version")).isEqualTo("2.0");
        Element channel = child(rss, null, "channel");
        assertThat(child(channel, null, "title").getTextContent()).isEqualTo("fd-kids 频道");
        assertThat(child(channel, ATOM, "link").getAttribute("href")).endsWith("/feeds/fd-kids.rss");
        NodeList items = channel.getElementsByTagName("item");
        assertThat(items.getLength()).isEqualTo(1);
        Element item = (Element) items.item(0);
        Element guid = child(item, null, "guid");
        assertThat(guid.getTextContent()).isEqualTo("urn:kepu:work:" + published);
        assertThat(guid.getAttribute("isPermaLink")).isEqualTo("false");
        assertThat(child(item, null, "title").getTextContent()).isEqualTo(TITLE);
        // a description is read as HTML: the summary's text comes escaped once more
        assertThat(child(item, null, "description").getTextContent())
                .isEqualTo(org.springframework.web.util.HtmlUtils.htmlEscape(SUMMARY, "UTF-8"));
        assertThat(child(item, null, "category").getTextContent()).isEqualTo("光学");
        assertThat(child(item, DC, "creator").getTextContent()).isEqualTo(Works.BYLINE);
        ZonedDateTime.parse(child(item, null, "pubDate").getTextContent(), DateTimeFormatter.RFC_1123_DATE_TIME);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonFeedHasTheWorkAsAnItem() {
        EntityExchangeResult<Map<String, Object>> result = web.get()
                .uri("/feeds/fd-kids.json")
                .headers(h -> h.setBearerAuth(works.token("kids-app", "outlet")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(KepuClient.MAP)
                .returnResult();
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(type("feed+json"));
        Map<String, Object> feed = result.getResponseBody();
        assertThat(feed).containsEntry("version", "https://jsonfeed.org/version/1.1");
        assertThat((String) feed.get("feed_url")).endsWith("/feeds/fd-kids.json");
        List<Map<String, Object>> items = (List<Map<String, Object>>) feed.get("items");
        assertThat(items).hasSize(1);
        Map<String, Object> item = items.get(0);
        assertThat(item)
                .containsEntry("id", "urn:kepu:work:" + published)
                .containsEntry("title", TITLE)
                .containsEntry("summary", SUMMARY)
                .containsEntry("tags", List.of("光学"))
                .containsEntry("authors", List.of(Map.of("name", Works.BYLINE)));
        assertThat((String) item.get("url")).endsWith("/api/v1/channels/fd-kids/items/" + published);
        Instant.parse((String) item.get("date_published"));
    }

    @Test
    void anUnchangedFeedKeepsItsStrongETagAndAnswers304() {
        String kidsApp = works.token("kids-app", "outlet");
        EntityExchangeResult<byte[]> first = feed(kidsApp, "/feeds/fd-kids.atom");
        String etag = first.getResponseHeaders().getETag();
        assertThat(etag).startsWith("\"").endsWith("\"").hasSizeGreaterThan(10);
        EntityExchangeResult<byte[]> again = feed(kidsApp, "/feeds/fd-kids.atom");
        assertThat(again.getResponseHeaders().getETag()).isEqualTo(etag);
        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());

        for (String ifNoneMatch : List.of(etag, "\"other\", " + etag, "W/" + etag)) {
            web.get()
                    .uri("/feeds/fd-kids.atom")
                    .headers(h -> h.setBearerAuth(kidsApp))
                    .header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch)
                    .exchange()
                    .expectStatus()
                    .isNotModified()
                    .expectHeader()
                    .valueEquals(HttpHeaders.ETAG, etag)
                    .expectBody()
                    .isEmpty();
        }
        web.get()
                .uri("/feeds/fd-kids.atom")
                .headers(h -> h.setBearerAuth(kidsApp))
                .header(HttpHeaders.IF_NONE_MATCH, "\"something-else\"")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        // each format is its own representation with its own tag
        assertThat(feed(kidsApp, "/feeds/fd-kids.rss").getResponseHeaders().getETag())
                .isNotEqualTo(etag);
    }

    @Test
    void whoMayReadWhichFeed() {
        // a public channel needs no token
        web.get()
                .uri("/feeds/fd-open.json")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        assertThat(new String(
                        web.get()
                                .uri("/feeds/fd-open.atom")
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody()
                                .returnResult()
                                .getResponseBody(),
                        StandardCharsets.UTF_8))
                .contains("urn:kepu:work:" + published);
        // without a token, a private channel and an unknown one look the same
        for (String path : List.of("/feeds/fd-kids.atom", "/feeds/fd-nowhere.rss", "/feeds/fd-kids.xml")) {
            works.problem(web.get().uri(path).exchange(), HttpStatus.UNAUTHORIZED);
        }
        // a bad token is refused even where no token is needed
        works.problem(
                web.get()
                        .uri("/feeds/fd-open.atom")
                        .headers(h -> h.setBearerAuth("not-a-token"))
                        .exchange(),
                HttpStatus.UNAUTHORIZED);
        // with a token, what the caller may not see is as missing as what does not exist
        String otherApp = works.token("other-app", "outlet");
        for (String path : List.of("/feeds/fd-kids.atom", "/feeds/fd-nowhere.json", "/feeds/Bad!.rss")) {
            works.problem(works.get(otherApp, path), HttpStatus.NOT_FOUND);
        }
        works.problem(works.get(works.token("cleo", "creator"), "/feeds/fd-kids.rss"), HttpStatus.NOT_FOUND);
        works.problem(works.get(works.token("kids-app", "outlet"), "/feeds/fd-kids.xml"), HttpStatus.NOT_FOUND);
        works.get(otherApp, "/feeds/fd-other.json")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        works.get(otherApp, "/feeds/fd-open.rss")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        works.get(works.token("root", "admin"), "/feeds/fd-kids.json")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        // a channel without works is an empty, valid feed
        assertThat(works.get(otherApp, "/feeds/fd-other.json")
                        .expectBody(KepuClient.MAP)
                        .returnResult()
                        .getResponseBody())
                .containsEntry("items", List.of());
    }

    @Test
    void deltaSyncGivesTheWorkThenItsTombstoneAndTheWatermarkAdvances() {
        works.channel(admin, "fd-sync", false, List.of("sync-app"));
        String id = works.publish(admin, "雷声为什么比闪电晚", "声速与光速", "声学", SOUND, List.of("fd-sync"));
        String syncApp = works.token("sync-app", "outlet");

        Map<String, Object> first = KepuClient.until(
                () -> changes(syncApp, ""), c -> ids(c, "items").contains(id));
        assertThat(ids(first, "items")).containsExactly(id);
        assertThat(items(first, "deleted")).isEmpty();
        Map<String, Object> item = items(first, "items").get(0);
        assertThat(item)
                .containsEntry("guid", "urn:kepu:work:" + id)
                .containsEntry("title", "雷声为什么比闪电晚")
                .containsEntry("by", Works.BYLINE)
                .containsEntry("type", "work.published")
                .containsEntry("version", 1)
                .containsEntry("topics", List.of("声学"))
                .doesNotContainValue("alice");
        assertThat((String) item.get("url")).endsWith("/api/v1/channels/fd-sync/items/" + id);
        String next = (String) first.get("next");
        assertThat(next).isNotBlank();
        Map<String, Object> nothingNew = changes(syncApp, next);
        assertThat(items(nothingNew, "items")).isEmpty();
        assertThat(items(nothingNew, "deleted")).isEmpty();
        assertThat(nothingNew).containsEntry("next", next);

        KepuClient.ok(works.post(
                works.token("ed", "editor"), "/api/v1/works/" + id + "/retraction", Map.of("reason", "数据需要更新")));
        // the manifest is the judge: the feed drops the work at once, before the index catches up
        assertThat(works.get(syncApp, "/feeds/fd-sync.json")
                        .expectStatus()
                        .isOk()
                        .expectBody(KepuClient.MAP)
                        .returnResult()
                        .getResponseBody())
                .containsEntry("items", List.of());
        Map<String, Object> afterRetraction = KepuClient.until(
                () -> changes(syncApp, next), c -> ids(c, "deleted").contains(id));
        assertThat(ids(afterRetraction, "items")).isEmpty();
        assertThat(items(afterRetraction, "deleted")).hasSize(1);
        Map<String, Object> tombstone = items(afterRetraction, "deleted").get(0);
        assertThat(tombstone)
                .containsEntry("id", id)
                .containsEntry("reason", "数据需要更新")
                .containsEntry("type", "work.retracted")
                .doesNotContainValue("alice");
        Instant.parse((String) tombstone.get("retractedAt"));
        String later = (String) afterRetraction.get("next");
        assertThat(later).isNotEqualTo(next);
        Map<String, Object> caughtUp = changes(syncApp, later);
        assertThat(items(caughtUp, "items")).isEmpty();
        assertThat(items(caughtUp, "deleted")).isEmpty();
        assertThat(caughtUp).containsEntry("next", later);
        // a new outlet syncing from the start learns only that the work is gone
        Map<String, Object> fromStart = changes(syncApp, "");
        assertThat(ids(fromStart, "items")).isEmpty();
        assertThat(ids(fromStart, "deleted")).containsExactly(id);
    }

    @Test
    void deltaSyncIsForThoseWhoMayReadTheChannel() {
        works.get(works.token("kids-app", "outlet"), "/api/v1/channels/fd-kids/changes")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        works.get(works.token("ed", "editor"), "/api/v1/channels/fd-kids/changes")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        works.problem(
                works.get(works.token("other-app", "outlet"), "/api/v1/channels/fd-kids/changes"),
                HttpStatus.NOT_FOUND);
        works.problem(
                works.get(works.token("cleo", "creator"), "/api/v1/channels/fd-kids/changes"), HttpStatus.NOT_FOUND);
        works.problem(
                works.get(works.token("kids-app", "outlet"), "/api/v1/channels/fd-nowhere/changes"),
                HttpStatus.NOT_FOUND);
        works.problem(web.get().uri("/api/v1/channels/fd-open/changes").exchange(), HttpStatus.UNAUTHORIZED);
        // the newest changes are held back a few seconds, to give the index time to see them
        String otherApp = works.token("other-app", "outlet");
        Map<String, Object> open = KepuClient.until(
                () -> changes(otherApp, "fd-open", ""), c -> ids(c, "items").contains(published));
        assertThat(ids(open, "items")).containsExactly(published);
    }

    @Test
    void badSinceOrLimitIsA400ProblemNeverA500() {
        String kidsApp = works.token("kids-app", "outlet");
        String path = "/api/v1/channels/fd-kids/changes";
        for (String since : List.of("not a watermark", "djE6eHl6OmFi", "djE6LTU6YQ", "!!!", "%zz")) {
            Map<String, Object> problem = works.problem(
                    web.get()
                            .uri(b ->
                                    b.path(path).queryParam("since", "{since}").build(since))
                            .headers(h -> h.setBearerAuth(kidsApp))
                            .exchange(),
                    HttpStatus.BAD_REQUEST);
            assertThat(problem).containsEntry("type", "urn:kepu:problem:bad-since");
        }
        for (String limit : List.of("0", "501", "-1", "many", "1e3")) {
            Map<String, Object> problem =
                    works.problem(works.get(kidsApp, path + "?limit=" + limit), HttpStatus.BAD_REQUEST);
            assertThat(problem).containsEntry("type", "urn:kepu:problem:bad-limit");
        }
        works.get(kidsApp, path + "?limit=500")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        Map<String, Object> one = KepuClient.until(
                () -> changes(kidsApp, "fd-kids", "", 1), c -> ids(c, "items").contains(published));
        assertThat(ids(one, "items")).containsExactly(published);
        assertThat(items(changes(kidsApp, "fd-kids", (String) one.get("next"), 1), "items"))
                .isEmpty();
    }

    private Map<String, Object> changes(String token, String since) {
        return changes(token, "fd-sync", since);
    }

    private Map<String, Object> changes(String token, String channel, String since) {
        return changes(token, channel, since, 100);
    }

    private Map<String, Object> changes(String token, String channel, String since, int limit) {
        return KepuClient.ok(web.get()
                .uri(b -> b.path("/api/v1/channels/{channel}/changes")
                        .queryParam("since", "{since}")
                        .queryParam("limit", limit)
                        .build(channel, since))
                .headers(h -> h.setBearerAuth(token))
                .exchange());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> changes, String key) {
        return (List<Map<String, Object>>) changes.get(key);
    }

    private static List<String> ids(Map<String, Object> changes, String key) {
        return items(changes, key).stream().map(i -> (String) i.get("id")).toList();
    }

    private EntityExchangeResult<byte[]> feed(String token, String path) {
        return works.get(token, path).expectStatus().isOk().expectBody().returnResult();
    }

    private static MediaType type(String subtype) {
        return new MediaType("application", subtype, StandardCharsets.UTF_8);
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** The first child element with the name; {@code namespace} null for elements in no namespace. */
    static Element child(Element parent, String namespace, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element
                    && name.equals(element.getLocalName())
                    && Objects.equals(namespace, element.getNamespaceURI())) {
                return element;
            }
        }
        throw new AssertionError("no element " + name + " in " + parent.getTagName());
    }
}
