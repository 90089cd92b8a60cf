package org.kepu.api.stats;

import jakarta.annotation.PreDestroy;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.review.stats.OutletDay;
import org.kepu.review.stats.OutletDay.OutletCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What outlets do that no audit event records: feed and item requests, downloads, webhook deliveries.
 * Each instance counts in memory and writes its running totals of the day, per outlet, to its own object
 * {@code stats/outlets/{day}/{instance}.json} (UTC days), replacing it on every flush. No two instances
 * ever write the same object, so no compare-and-set is needed; readers add up every instance's objects.
 * A crash loses at most the counts since the last flush.
 */
@Component
public class OutletCounters {

    /** Callers reading a public channel without a token. */
    public static final String ANONYMOUS = "(anonymous)";

    static final String PREFIX = "stats/outlets/";
    private static final Logger log = LoggerFactory.getLogger(OutletCounters.class);

    public enum Counter {
        FEED_REQUEST,
        ITEM_REQUEST,
        DOWNLOAD,
        WEBHOOK_DELIVERED,
        WEBHOOK_FAILED
    }

    private record Key(LocalDate day, String outlet) {}

    private final ObjectStore store;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private final Map<Key, LongAdder[]> counts = new ConcurrentHashMap<>();
    private final Set<LocalDate> dirty = ConcurrentHashMap.newKeySet();

    OutletCounters(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Counts one event of an outlet (its OAuth client id, or {@link #ANONYMOUS}). Never blocks. */
    public void count(String outlet, Counter counter) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LongAdder[] adders = counts.computeIfAbsent(new Key(day, outlet), k -> newAdders());
        adders[counter.ordinal()].increment();
        dirty.add(day);
    }

    /** Counts a request of a caller if it is an outlet or reads without a token; staff reading feeds are not outlets. */
    public void count(Caller caller, Counter counter) {
        if (caller == null) {
            count(ANONYMOUS, counter);
        } else if (caller.has(Caller.OUTLET)) {
            count(caller.clientId() == null ? caller.id() : caller.clientId(), counter);
        }
    }

    /** Writes this instance's totals of every day that changed since the last flush. */
    @Scheduled(
            fixedDelayString = "${kepu.stats.flush-interval:60s}",
            initialDelayString = "${kepu.stats.flush-interval:60s}")
    public synchronized void flush() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (LocalDate day : List.copyOf(dirty)) {
            // unmarked before the snapshot: a count arriving meanwhile marks the day again
            dirty.remove(day);
            Map<String, OutletCounts> totals = new TreeMap<>();
            counts.forEach((key, adders) -> {
                if (key.day().equals(day)) {
                    totals.put(key.outlet(), snapshot(adders));
                }
            });
            try {
                byte[] bytes = JsonObjects.MAPPER.writeValueAsBytes(totals);
                store.put(key(day), new ByteArrayInputStream(bytes), bytes.length, "application/json");
            } catch (RuntimeException e) {
                dirty.add(day);
                log.warn("outlet counters of {} not written; trying again at the next flush", day, e);
            }
        }
        // earlier days are written and get no more counts
        counts.keySet().removeIf(key -> key.day().isBefore(today) && !dirty.contains(key.day()));
    }

    @PreDestroy
    void close() {
        flush();
    }

    /** Every instance's counts of the days from {@code first} to {@code last} (either open), after a flush. */
    public List<OutletDay> days(Optional<LocalDate> first, Optional<LocalDate> last) {
        flush();
        List<OutletDay> out = new ArrayList<>();
        for (ObjectInfo info : store.list(PREFIX)) {
            Optional<LocalDate> day = dayOf(info.key());
            if (day.isEmpty()
                    || first.filter(day.get()::isBefore).isPresent()
                    || last.filter(day.get()::isAfter).isPresent()) {
                continue;
            }
            store.read(info.key()).ifPresent(blob -> {
                Map<String, OutletCounts> totals = JsonObjects.MAPPER.readValue(
                        blob.content(),
                        JsonObjects.MAPPER
                                .getTypeFactory()
                                .constructMapType(TreeMap.class, String.class, OutletCounts.class));
                totals.forEach((outlet, c) -> out.add(new OutletDay(day.get(), outlet, c)));
            });
        }
        return out;
    }

    private String key(LocalDate day) {
        return PREFIX + day + "/" + instance + ".json";
    }

    private static Optional<LocalDate> dayOf(String key) {
        String[] parts = key.substring(PREFIX.length()).split("/");
        try {
            return parts.length == 2 ? Optional.of(LocalDate.parse(parts[0])) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static LongAdder[] newAdders() {
        LongAdder[] adders = new LongAdder[Counter.values().length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    private static OutletCounts snapshot(LongAdder[] a) {
        return new OutletCounts(a[0].sum(), a[1].sum(), a[2].sum(), a[3].sum(), a[4].sum());
    }
}
