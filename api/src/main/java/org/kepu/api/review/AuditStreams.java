package org.kepu.api.review;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.audit.AuditLog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Live audit events per work, for every open stream of that work at once. One watch per watched work
 * reads the trail: at once when this instance appends to it, and every {@code poll} to see what other
 * instances appended. The watch keeps the events it read, so a stream that joins later gets the trail
 * from its {@code Last-Event-ID} without another read, and the watch ends with its last stream.
 */
@Component
class AuditStreams {

    private final AuditLog audit;
    private final Duration poll;
    private final ConcurrentHashMap<String, Watch> watches = new ConcurrentHashMap<>();

    AuditStreams(AuditLog audit, @Value("${kepu.review.events-poll-interval:5s}") Duration poll) {
        this.audit = audit;
        this.poll = poll;
    }

    /** The work's events after {@code seq}, then each new one as it is appended; never ends by itself. */
    Flux<AuditEvent> after(String workId, long seq) {
        return Flux.defer(() -> {
            Watch watch = watches.compute(workId, (id, existing) -> {
                Watch w = existing != null ? existing : new Watch(id);
                w.streams++;
                return w;
            });
            return watch.events
                    .filter(event -> event.seq() > seq)
                    .doFinally(signal -> watches.computeIfPresent(workId, (id, w) -> --w.streams == 0 ? null : w));
        });
    }

    /** This instance appended to the work's trail: its streams see it now rather than at the next poll. */
    void appended(String workId) {
        Watch watch = watches.get(workId);
        if (watch != null) {
            watch.wake.tryEmitNext(0L);
        }
    }

    /** Works watched right now. */
    int watched() {
        return watches.size();
    }

    private final class Watch {
        final Sinks.Many<Long> wake = Sinks.many().multicast().directBestEffort();
        final Flux<AuditEvent> events;
        int streams;

        Watch(String workId) {
            Flux<AuditEvent> read = Flux.defer(() -> {
                AtomicLong head = new AtomicLong();
                return Flux.merge(Flux.interval(Duration.ZERO, poll), wake.asFlux())
                        // A read already under way will see whatever the skipped ticks would have.
                        .onBackpressureDrop()
                        .concatMap(
                                tick -> Mono.fromCallable(() -> audit.after(workId, head.get()))
                                        .subscribeOn(Schedulers.boundedElastic()),
                                1)
                        .concatMapIterable(found -> found)
                        .filter(event -> event.seq() > head.get())
                        .doOnNext(event -> head.set(event.seq()));
            });
            // Every stream of the work shares this one read; a stream joining later gets what was read.
            this.events = read.replay().refCount();
        }
    }
}
