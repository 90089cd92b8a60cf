package org.kepu.api.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kepu.ingestion.extraction.ExtractionOutcome;
import org.kepu.ingestion.pipeline.ExtractionPipeline;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.checks.Finding;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.Filters;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * kepu's own meters, at {@code /actuator/prometheus} beside Boot's ({@code http_server_requests_seconds}
 * by route template, JVM, process). Counters are counted where things happen; gauges that need the store
 * or the index are read when scraped, and at most every {@link #GAUGE_TTL}, so frequent scrapes cost
 * nothing more.
 */
@Component
public class KepuMetrics implements SmartInitializingSingleton {

    static final Duration GAUGE_TTL = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final ObjectProvider<ExtractionPipeline> pipeline;
    private final DistributionSummary uploadBytes;
    private final Cached<List<ObjectInfo>> outbox;
    private final Cached<Double> queue;

    KepuMetrics(
            MeterRegistry registry,
            WorkRepository works,
            SearchIndex index,
            Clock clock,
            ObjectProvider<ExtractionPipeline> pipeline) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.uploadBytes = DistributionSummary.builder("kepu.upload.bytes")
                .description("Bytes of uploaded files (originals and subtitles)")
                .baseUnit("bytes")
                .register(registry);
        this.outbox = new Cached<>(clock, () -> works.store().list(WorkRepository.OUTBOX));
        this.queue = new Cached<>(clock, () -> (double) index.search(new SearchRequest(
                        "",
                        SearchRequest.Match.ALL_WORDS,
                        Filters.NONE.withStatuses(WorkStatus.IN_REVIEW.name()),
                        Visibility.everything(),
                        SearchRequest.Sort.DATE,
                        0,
                        1,
                        Optional.empty()))
                .total());
        Gauge.builder("kepu.review.queue", queue, Cached::orNaN)
                .description("Works waiting for reviewers' decisions (status IN_REVIEW, as the index sees them)")
                .register(registry);
        Gauge.builder("kepu.index.outbox.size", outbox, o -> o.map(List::size))
                .description("Changes written to the store and not yet in the index")
                .register(registry);
        Gauge.builder(
                        "kepu.index.outbox.age",
                        outbox,
                        o -> o.map(markers -> markers.stream()
                                .map(ObjectInfo::lastModified)
                                .min(Instant::compareTo)
                                .map(oldest -> Duration.between(oldest, clock.instant())
                                                .toMillis()
                                        / 1000.0)
                                .orElse(0.0)))
                .description("Age of the oldest change not yet in the index")
                .baseUnit("seconds")
                .register(registry);
        // Shown at zero from the start, so that an alert on them has a series before the first event.
        List.of("reassigned", "overdue").forEach(outcome -> deadlineMisses(outcome));
        List.of("delivered", "retry", "failed", "gone", "error").forEach(outcome -> webhookAttempts(outcome));
    }

    /** An accepted upload: a new work or a new version. */
    public void uploaded(String what, long bytes) {
        Counter.builder("kepu.uploads")
                .description("Accepted uploads")
                .tag("what", what)
                .register(registry)
                .increment();
        uploadBytes.record(bytes);
    }

    /** One extraction, with its reason when it failed ({@code none} when it succeeded). */
    /**
     * Listens to extractions once every bean exists: the pipeline's screening step reports its findings
     * here, so the pipeline cannot be handed to this constructor.
     */
    @Override
    public void afterSingletonsInstantiated() {
        pipeline.ifAvailable(p -> p.listen(this::extracted));
    }

    void extracted(ExtractionOutcome outcome, Duration took) {
        String reason = outcome instanceof ExtractionOutcome.Failure failure
                ? failure.kind().name().toLowerCase()
                : "none";
        Timer.builder("kepu.extraction")
                .description("Text extraction, from the stored file to the text")
                .tag("outcome", outcome instanceof ExtractionOutcome.Success ? "success" : "failure")
                .tag("reason", reason)
                .register(registry)
                .record(took);
    }

    /** Findings of one screening, counted by check and severity; returns them unchanged. */
    public List<Finding> screened(List<Finding> findings) {
        for (Finding finding : findings) {
            Counter.builder("kepu.findings")
                    .description("Findings of automated screening")
                    .tag("check", finding.rule())
                    .tag("severity", finding.severity().name().toLowerCase())
                    .register(registry)
                    .increment();
        }
        return findings;
    }

    /** A reviewer missed a deadline: the work was {@code reassigned}, or stays {@code overdue}. */
    public void deadlineMissed(String outcome) {
        deadlineMisses(outcome).increment();
    }

    private Counter deadlineMisses(String outcome) {
        return Counter.builder("kepu.review.deadline.misses")
                .description("Review assignments not decided by their deadline")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** One webhook attempt: {@code delivered}, {@code retry}, {@code failed}, {@code gone} or {@code error}. */
    public void webhookAttempt(String outcome) {
        webhookAttempts(outcome).increment();
    }

    private Counter webhookAttempts(String outcome) {
        return Counter.builder("kepu.webhook.deliveries")
                .description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** A value read at most every {@link #GAUGE_TTL}; empty while its source fails (the gauge shows NaN). */
    static final class Cached<T> {
        private final Clock clock;
        private final Supplier<T> source;
        private Instant readAt = Instant.MIN;
        private Optional<T> value = Optional.empty();

        Cached(Clock clock, Supplier<T> source) {
            this.clock = clock;
            this.source = source;
        }

        synchronized Optional<T> get() {
            Instant now = clock.instant();
            if (readAt.plus(GAUGE_TTL).isBefore(now)) {
                readAt = now;
                try {
                    value = Optional.of(source.get());
                } catch (RuntimeException e) {
                    value = Optional.empty();
                }
            }
            return value;
        }

        double map(Function<T, ? extends Number> f) {
            return get().map(v -> f.apply(v).doubleValue()).orElse(Double.NaN);
        }

        double orNaN() {
            return map(v -> (Number) v);
        }
    }
}
