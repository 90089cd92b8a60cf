package org.kepu.api.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;

class DownloadLinksTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aLinkHoldsForTenMinutesAndNotASecondLonger() {
        FileSystemObjectStore store = new FileSystemObjectStore(dir);
        String link = new DownloadLinks(store, at(NOW)).link("http://h", "kids-app", "w1", 2, "original");
        DownloadLinks.Grant grant = grantOf(link);

        assertThat(grant)
                .isEqualTo(new DownloadLinks.Grant(
                        "kids-app", "w1", 2, "original", NOW.plusSeconds(600).getEpochSecond()));
        assertThat(new DownloadLinks(store, at(NOW.plusSeconds(600))).refusal(grant, sig(link)))
                .isEmpty();
        assertThat(new DownloadLinks(store, at(NOW.plusSeconds(601))).refusal(grant, sig(link)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("expired"));
    }

    @Test
    void everyInstanceOnTheStoreChecksTheOthersLinksAndNoOtherStoreDoes(@TempDir Path elsewhere) {
        FileSystemObjectStore store = new FileSystemObjectStore(dir);
        String link = new DownloadLinks(store, at(NOW)).link("http://h", "kids-app", "w1", 1, "preview");

        assertThat(new DownloadLinks(store, at(NOW)).refusal(grantOf(link), sig(link)))
                .isEmpty();
        assertThat(new DownloadLinks(new FileSystemObjectStore(elsewhere), at(NOW)).refusal(grantOf(link), sig(link)))
                .isPresent();
    }

    @Test
    void aLinkNamesOneOutletOneVersionAndOneFile() {
        DownloadLinks links = new DownloadLinks(new FileSystemObjectStore(dir), at(NOW));
        String link = links.link("http://h", "kids-app", "w1", 1, "original");
        DownloadLinks.Grant g = grantOf(link);

        for (DownloadLinks.Grant other : new DownloadLinks.Grant[] {
            new DownloadLinks.Grant("news-app", g.workId(), g.version(), g.file(), g.expires()),
            new DownloadLinks.Grant(g.outlet(), "w2", g.version(), g.file(), g.expires()),
            new DownloadLinks.Grant(g.outlet(), g.workId(), 2, g.file(), g.expires()),
            new DownloadLinks.Grant(g.outlet(), g.workId(), g.version(), "subtitles", g.expires()),
            new DownloadLinks.Grant(g.outlet(), g.workId(), g.version(), g.file(), g.expires() + 1)
        }) {
            assertThat(links.refusal(other, sig(link))).as(other.toString()).isPresent();
        }
        assertThat(links.refusal(g, null)).isPresent();
        assertThat(links.refusal(g, "")).isPresent();
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static Map<String, String> query(String link) {
        return Arrays.stream(URI.create(link).getRawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
    }

    private static String sig(String link) {
        return query(link).get("sig");
    }

    private static DownloadLinks.Grant grantOf(String link) {
        String[] path = URI.create(link).getPath().split("/");
        Map<String, String> q = query(link);
        return new DownloadLinks.Grant(
                q.get("outlet"), path[2], Integer.parseInt(path[3]), path[4], Long.parseLong(q.get("expires")));
    }
}
