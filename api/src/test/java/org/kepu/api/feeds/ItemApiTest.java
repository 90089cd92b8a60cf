package org.kepu.api.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kepu.api.testing.KepuClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an outlet receives: the item of a published work as an IPTC ninjs document, its files through
 * signed links, feeds that carry the body, and tombstones when a work leaves a channel.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class ItemApiTest {

    private static final String ARTICLE = "# 光的速度\n\n光速约为每秒30万公里。\n\n## 多快\n\n光从太阳到地球大约需要8分钟 😀 <而且> \"很快\" & 稳定。\n";
    private static final String HOSTILE_SUMMARY = "光速 <img src=x onerror=alert(1)> & \"引号\" 🚀";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Published once to it-kids (kids-app) and it-open (public), for the tests that only read. */
    private static String published;

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-item-api").toString();
        registry.add("kepu.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    private Works works;
    private String kidsApp;

    @BeforeEach
    void setUp() {
        works = new Works(web);
        kidsApp = works.token("kids-app", "outlet");
        if (published == null) {
            String admin = works.token("adam", "admin");
            works.channel(admin, "it-kids", false, List.of("kids-app"));
            works.channel(admin, "it-open", true, List.of());
            works.channel(admin, "it-news", false, List.of("news-app"));
            published = works.publish(admin, "光速 <有多快>", HOSTILE_SUMMARY, "光学", ARTICLE, List.of("it-kids", "it-open"));
            works.assertInFeed(kidsApp, "/feeds/it-kids.json", published);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEntitledOutletReadsTheWholeItemAsValidNinjs() throws Exception {
        byte[] raw = itemBytes(kidsApp, "it-kids", published);
        assertThat(ninjsErrors(raw)).isEmpty();
        Map<String, Object> item = JSON.readValue(raw, Works.MAP_TYPE);

        assertThat(item)
                .containsEntry("uri", "urn:kepu:work:" + published)
                .containsEntry("pubstatus", "usable")
                .containsEntry("version", "1")
                .containsEntry("representationtype", "full")
                .containsEntry("language", "zh-Hans")
                .containsEntry("by", Works.BYLINE)
                .containsEntry("copyrightnotice", "CC BY 4.0");
        assertThat(new String(raw, StandardCharsets.UTF_8)).doesNotContain("alice", "vera");
        List<Map<String, Object>> bodies = (List<Map<String, Object>>) item.get("bodies");
        Map<String, Object> text = bodies.stream()
                .filter(b -> "text/plain".equals(b.get("contenttype")))
                .findFirst()
                .orElseThrow();
        assertThat((String) text.get("value")).contains("光速约为每秒30万公里。", "😀 <而且> \"很快\" & 稳定");
        String html = (String) bodies.stream()
                .filter(b -> "text/html".equals(b.get("contenttype")))
                .findFirst()
                .orElseThrow()
                .get("value");
        assertThat(html)
                .contains("<h1>光的速度</h1>", "<h2>多快</h2>", "<p>", "&lt;而且&gt;", "&amp;", "😀")
                .doesNotContain("<而且>");
        assertThat((List<Map<String, Object>>) item.get("trustindicators"))
                .singleElement()
                .satisfies(t -> assertThat((String) t.get("title")).contains("1 位专家审核通过第 1 版"));
        assertThat((List<Map<String, Object>>) item.get("subjects"))
                .contains(Map.of("name", "光学", "rel", "topic"), Map.of("name", "public", "rel", "audience"));
    }

    @Test
    void theOriginalDownloadsThroughItsSignedLinkWithItsDigest() throws Exception {
        String href = rendition(kidsApp, "it-kids", published, "original");

        byte[] file = download(href, null)
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();

        assertThat(file).isEqualTo(ARTICLE.getBytes(StandardCharsets.UTF_8));
        assertThat("sha256:"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(file)))
                .isEqualTo(digestOf(published));
        // a range, as a video player asks for one
        var part = web.get()
                .uri(URI.create(href))
                .header("Range", "bytes=2-7")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectHeader()
                .valueEquals("Content-Range", "bytes 2-7/" + file.length)
                .expectBody()
                .returnResult();
        assertThat(part.getResponseBody()).isEqualTo(java.util.Arrays.copyOfRange(file, 2, 8));
    }

    @Test
    void aLinkIsRefusedToAnotherOutletAndWhenAnyOfItsPartsChanges() {
        String href = rendition(kidsApp, "it-kids", published, "original");

        assertThat(status(download(href, works.token("news-app", "outlet")))).isEqualTo(403);
        assertThat(status(download(href.replace("outlet=kids-app", "outlet=news-app"), null)))
                .isEqualTo(403);
        assertThat(status(download(href.replace("/1/original", "/2/original"), null)))
                .isEqualTo(403);
        long expires = Long.parseLong(href.replaceAll(".*expires=(\\d+).*", "$1"));
        assertThat(status(download(href.replace("expires=" + expires, "expires=" + (expires + 3600)), null)))
                .isEqualTo(403);
        char last = href.charAt(href.length() - 1);
        assertThat(status(download(href.substring(0, href.length() - 1) + (last == 'A' ? 'B' : 'A'), null)))
                .isEqualTo(403);
        assertThat(status(download(href, kidsApp))).isEqualTo(200);
    }

    @Test
    void onlyReadersOfTheChannelGetTheItem() {
        works.problem(works.get(works.token("news-app", "outlet"), item("it-kids", published)), HttpStatus.NOT_FOUND);
        works.problem(works.get(kidsApp, item("it-news", published)), HttpStatus.NOT_FOUND);
        works.problem(works.get(works.token("cleo", "creator"), item("it-kids", published)), HttpStatus.NOT_FOUND);
        assertThat(status(web.get().uri(item("it-kids", published)).exchange())).isEqualTo(401);
        works.problem(
                works.get(kidsApp, item("it-kids", "00000000-0000-0000-0000-000000000000")), HttpStatus.NOT_FOUND);
        // a public channel's items are as open as its feed
        assertThat(status(web.get().uri(item("it-open", published)).exchange())).isEqualTo(200);
        assertThat(status(works.get(works.token("ed", "editor"), item("it-kids", published))))
                .isEqualTo(200);
    }

    @Test
    void everyFeedParsesCarriesTheBodyAndKeepsTheHostileSummaryInert() throws Exception {
        for (String format : List.of("atom", "rss")) {
            byte[] body = works.get(kidsApp, "/feeds/it-kids." + format)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            SyndFeed feed = new SyndFeedInput()
                    .build(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
            SyndEntry entry = feed.getEntries().stream()
                    .filter(e -> e.getUri().equals("urn:kepu:work:" + published))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.getTitle()).isEqualTo("光速 <有多快>");
            String content = entry.getContents().get(0).getValue();
            assertThat(content).contains("光速约为每秒30万公里", "😀", "&lt;而且&gt;").doesNotContain("<而且>");
            assertThat(entry.getLink()).endsWith("/api/v1/channels/it-kids/items/" + published);
            assertThat(entry.getEnclosures()).singleElement().satisfies(e -> {
                assertThat(e.getType()).startsWith("text/markdown");
                assertThat(e.getUrl()).endsWith("/items/" + published + "/files/original");
            });
            // a reader shows a description as HTML and an Atom summary as text: both show the markup as text
            String summary = entry.getDescription().getValue();
            if (format.equals("rss")) {
                assertThat(summary).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;", "🚀");
            } else {
                assertThat(entry.getDescription().getType()).isEqualTo("text");
                assertThat(summary).isEqualTo(HOSTILE_SUMMARY);
            }
            assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("alice");
        }
        Map<String, Object> json = JSON.readValue(
                works.get(kidsApp, "/feeds/it-kids.json")
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                Works.MAP_TYPE);
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((List<Map<String, Object>>) json.get("items"))
                .stream()
                        .filter(i -> i.get("id").equals("urn:kepu:work:" + published))
                        .findFirst()
                        .orElseThrow();
        assertThat((String) item.get("content_html")).contains("&lt;而且&gt;").doesNotContain("<img", "<而且>");
        // JSON Feed's summary is plain text by its specification
        assertThat(item).containsEntry("summary", HOSTILE_SUMMARY);
        assertThat(item.get("attachments").toString()).contains("text/markdown", "/files/original");
    }

    @Test
    void theFileLinkOfAFeedAnswersAFreshSignedLink() {
        String location = web.get()
                .uri("/api/v1/channels/it-open/items/{id}/files/original", published)
                .exchange()
                .expectStatus()
                .isFound()
                .returnResult(Void.class)
                .getResponseHeaders()
                .getLocation()
                .toString();
        assertThat(location).contains("/downloads/" + published + "/1/original?outlet=public");
        assertThat(download(location, null).expectBody().returnResult().getResponseBody())
                .isEqualTo(ARTICLE.getBytes(StandardCharsets.UTF_8));
        web.get()
                .uri("/api/v1/channels/it-kids/items/{id}/files/original", published)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401);
    }

    @Test
    void aCorrectionRepublishedToFewerChannelsLeavesATombstoneWhereItLeft() throws Exception {
        String admin = works.token("adam", "admin");
        works.channel(admin, "it-a", false, List.of("a-app"));
        works.channel(admin, "it-b", false, List.of("b-app"));
        String id = works.publish(admin, "雷声", "声速", "声学", "# 雷声\n\n声速约为每秒340米。\n", List.of("it-a", "it-b"));
        String aApp = works.token("a-app", "outlet");
        String bApp = works.token("b-app", "outlet");
        String linkBefore = rendition(aApp, "it-a", id, "original");

        works.newVersion(id, "# 雷声\n\n声音在空气中的速度约为每秒340米。\n");
        works.approve(id);
        works.publishTo(id, List.of("it-a"), "更正了声速的说法");

        Map<String, Object> inA =
                KepuClient.until(() -> changes(aApp, "it-a"), c -> c.toString().contains("work.updated"));
        assertThat(inA.toString()).contains("work.updated", "更正了声速的说法");
        // b-app never synced while the work was away; it still learns that the work left
        Map<String, Object> inB =
                KepuClient.until(() -> changes(bApp, "it-b"), c -> c.toString().contains(id));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deleted = (List<Map<String, Object>>) inB.get("deleted");
        assertThat(deleted)
                .singleElement()
                .satisfies(t -> assertThat(t)
                        .containsEntry("id", id)
                        .containsEntry("type", "work.unpublished")
                        .containsEntry("version", 1));
        assertThat((List<?>) inB.get("items")).isEmpty();

        Map<String, Object> tombstone = JSON.readValue(itemBytes(bApp, "it-b", id), Works.MAP_TYPE);
        assertThat(tombstone).containsEntry("pubstatus", "withheld").containsEntry("version", "1");
        assertThat(tombstone).doesNotContainKey("bodies");
        Map<String, Object> corrected = JSON.readValue(itemBytes(aApp, "it-a", id), Works.MAP_TYPE);
        assertThat(corrected).containsEntry("version", "2").containsEntry("ednote", "更正了声速的说法");
        // a link to version 1 no longer opens: the channel has version 2
        assertThat(status(download(linkBefore, null))).isEqualTo(404);
        assertThat(new String(
                        works.get(bApp, "/feeds/it-b.atom")
                                .expectBody()
                                .returnResult()
                                .getResponseBody(),
                        StandardCharsets.UTF_8))
                .contains("at:deleted-entry", "ref=\"urn:kepu:work:" + id + "\"");
    }

    @Test
    void aRetractedItemAnswersItsTombstone() throws Exception {
        String admin = works.token("adam", "admin");
        works.channel(admin, "it-r", false, List.of("kids-app"));
        String id = works.publish(admin, "月相", "月亮", "光学", "# 月相\n\n月相变化是因为日地月的位置。\n", List.of("it-r"));
        String href = rendition(kidsApp, "it-r", id, "original");
        KepuClient.ok(works.post(
                works.token("ed", "editor"), "/api/v1/works/" + id + "/retraction", Map.of("reason", "图片有误")));

        byte[] raw = itemBytes(kidsApp, "it-r", id);
        assertThat(ninjsErrors(raw)).isEmpty();
        assertThat(JSON.readValue(raw, Works.MAP_TYPE))
                .containsEntry("pubstatus", "canceled")
                .containsEntry("ednote", "图片有误")
                .doesNotContainKey("bodies")
                .doesNotContainKey("renditions");
        assertThat(status(download(href, null))).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPosterComesWithAThumbnailAndAPreviewOfKnownSize() throws Exception {
        java.awt.image.BufferedImage poster =
                new java.awt.image.BufferedImage(1600, 900, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = poster.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillRect(0, 0, 1600, 900);
        g.dispose();
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(poster, "png", png);
        String admin = works.token("adam", "admin");
        String id = works.upload(admin, "防溺水海报", "夏季防溺水", "光学", "poster", "poster.png", png.toByteArray());
        works.approve(id);
        works.publishTo(id, List.of("it-kids"), null);

        byte[] raw = itemBytes(kidsApp, "it-kids", id);
        assertThat(ninjsErrors(raw)).isEmpty();
        Map<String, Object> item = JSON.readValue(raw, Works.MAP_TYPE);
        assertThat(item).containsEntry("type", "picture").doesNotContainKey("bodies");
        List<Map<String, Object>> renditions = (List<Map<String, Object>>) item.get("renditions");
        assertThat(renditions)
                .extracting(
                        r -> r.get("name") + " " + r.get("width") + "x" + r.get("height") + " " + r.get("contenttype"))
                .containsExactly(
                        "original nullxnull image/png", "thumbnail 320x180 image/jpeg", "preview 1280x720 image/jpeg");
        for (Map<String, Object> r : renditions.subList(1, 3)) {
            byte[] picture = download((String) r.get("href"), null)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(new ByteArrayInputStream(picture));
            assertThat(read.getWidth()).isEqualTo(r.get("width"));
            assertThat(read.getHeight()).isEqualTo(r.get("height"));
            assertThat((long) picture.length).isEqualTo(((Number) r.get("sizeinbytes")).longValue());
        }
    }

    private Map<String, Object> changes(String token, String channel) {
        return KepuClient.ok(works.get(token, "/api/v1/channels/" + channel + "/changes"));
    }

    private static String item(String channel, String id) {
        return "/api/v1/channels/" + channel + "/items/" + id;
    }

    private byte[] itemBytes(String token, String channel, String id) {
        return works.get(token, item(channel, id))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private String rendition(String token, String channel, String id, String name) {
        Map<String, Object> item = JSON.readValue(itemBytes(token, channel, id), Works.MAP_TYPE);
        return (String) ((List<Map<String, Object>>) item.get("renditions"))
                .stream()
                        .filter(r -> r.get("name").equals(name))
                        .findFirst()
                        .orElseThrow()
                        .get("href");
    }

    @SuppressWarnings("unchecked")
    private String digestOf(String id) {
        Map<String, Object> work = KepuClient.ok(works.get(works.token("ed", "editor"), "/api/v1/works/" + id));
        List<Map<String, Object>> versions = (List<Map<String, Object>>) work.get("versions");
        return (String) versions.get(0).get("digest");
    }

    private WebTestClient.ResponseSpec download(String href, String token) {
        return web.get()
                .uri(URI.create(href))
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange();
    }

    /** The status, after reading the body, which hands the client's buffers back. */
    private static int status(WebTestClient.ResponseSpec response) {
        return response.expectBody().returnResult().getStatus().value();
    }

    /** The schema's own validation messages; none when the item is valid ninjs 2.2. */
    static Set<ValidationMessage> ninjsErrors(byte[] item) throws Exception {
        try (InputStream schema = ItemApiTest.class.getResourceAsStream("/ninjs/ninjs-schema_2.2.json")) {
            JsonSchema ninjs = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schema);
            return ninjs.validate(new String(item, StandardCharsets.UTF_8), InputFormat.JSON);
        }
    }
}
