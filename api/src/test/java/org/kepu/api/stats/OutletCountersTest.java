package org.kepu.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.api.security.Caller;
import org.kepu.api.stats.OutletCounters.Counter;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.review.stats.OutletDay;
import org.kepu.review.stats.OutletDay.OutletCounts;

class OutletCountersTest {

    private static final Instant MONDAY = Instant.parse("2026-06-01T23:59:00Z");

    @TempDir
    Path root;

    @Test
    void twoInstancesOnOneStoreAddUpPerOutletAndDay() {
        ObjectStore store = new FileSystemObjectStore(root);
        Clock clock = Clock.fixed(MONDAY, ZoneOffset.UTC);
        OutletCounters first = new OutletCounters(store, clock);
        OutletCounters second = new OutletCounters(store, clock);

        first.count("kids-app", Counter.FEED_REQUEST);
        first.count("kids-app", Counter.FEED_REQUEST);
        second.count("kids-app", Counter.FEED_REQUEST);
        second.count("kids-app", Counter.DOWNLOAD);
        second.count("news-app", Counter.WEBHOOK_FAILED);
        second.flush();

        List<OutletDay> days = first.days(Optional.empty(), Optional.empty());

        LocalDate monday = LocalDate.parse("2026-06-01");
        assertThat(sum(days, "kids-app")).isEqualTo(new OutletCounts(3, 0, 1, 0, 0));
        assertThat(sum(days, "news-app")).isEqualTo(new OutletCounts(0, 0, 0, 0, 1));
        assertThat(days).extracting(OutletDay::day).containsOnly(monday);
    }

    @Test
    void aFlushReplacesTheInstancesTotalsAndDaysOutsideTheRangeAreLeftOut() {
        ObjectStore store = new FileSystemObjectStore(root);
        MovingClock clock = new MovingClock(MONDAY);
        OutletCounters counters = new OutletCounters(store, clock);

        counters.count("kids-app", Counter.ITEM_REQUEST);
        counters.flush();
        counters.count("kids-app", Counter.ITEM_REQUEST);
        counters.flush();
        clock.now = MONDAY.plus(Duration.ofMinutes(2));
        counters.count("kids-app", Counter.WEBHOOK_DELIVERED);

        LocalDate tuesday = LocalDate.parse("2026-06-02");
        assertThat(sum(counters.days(Optional.empty(), Optional.empty()), "kids-app"))
                .isEqualTo(new OutletCounts(0, 2, 0, 1, 0));
        assertThat(sum(counters.days(Optional.of(tuesday), Optional.empty()), "kids-app"))
                .isEqualTo(new OutletCounts(0, 0, 0, 1, 0));
        assertThat(store.list(OutletCounters.PREFIX)).hasSize(2);
    }

    @Test
    void onlyOutletsAndReadersWithoutATokenAreCounted() {
        OutletCounters counters =
                new OutletCounters(new FileSystemObjectStore(root), Clock.fixed(MONDAY, ZoneOffset.UTC));

        counters.count((Caller) null, Counter.FEED_REQUEST);
        counters.count(new Caller("svc-1", java.util.Set.of("outlet"), List.of(), "kids-app"), Counter.FEED_REQUEST);
        counters.count(new Caller("ed", java.util.Set.of("editor"), List.of(), "ed"), Counter.FEED_REQUEST);

        List<OutletDay> days = counters.days(Optional.empty(), Optional.empty());
        assertThat(days).extracting(OutletDay::outlet).containsExactlyInAnyOrder(OutletCounters.ANONYMOUS, "kids-app");
    }

    private static OutletCounts sum(List<OutletDay> days, String outlet) {
        return days.stream()
                .filter(d -> d.outlet().equals(outlet))
                .map(OutletDay::counts)
                .reduce(OutletCounts.ZERO, OutletCounts::plus);
    }

    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
