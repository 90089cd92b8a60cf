package org.kepu.api.works;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kepu.api.problem.Problem;
import org.kepu.ingestion.upload.IncomingFile;
import org.kepu.ingestion.upload.StoredFile;
import org.kepu.ingestion.work.WorkMetadata;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Reads an upload's multipart body part by part as it arrives. The file part is copied into chunks as
 * the network delivers it, and only a complete chunk goes to a blocking write on a bounded scheduler, so
 * a slow or stalled sender holds no thread. The small metadata part is collected and validated as soon as
 * it is complete, so bad metadata sent first stops the upload before the file is read.
 *
 * <p>A body past a limit of {@link UploadTimeLimits} ends the upload with a 408 and the connection is
 * closed after the answer ({@link #cutOff()}). After a refusal the rest of the body is read and dropped
 * only up to {@link #DRAIN_LIMIT}, so that a client finishing a small body still reads the problem
 * document; beyond that the answer goes out at once and the connection is closed after it.
 */
final class UploadParts {

    /** What a blocking write is handed at once: large enough that a fast upload costs few tasks. */
    static final int CHUNK = 1024 * 1024;

    /** How much of a refused body is still read and dropped before the connection is closed instead. */
    static final long DRAIN_LIMIT = 1024 * 1024;

    /** Starts storing one streamed part, given its file name. Blocking, but quick. */
    interface Sink extends Function<String, IncomingFile> {}

    private final MetadataParser parser;
    private final int maxMetadataBytes;
    private final Mono<UploadTimeLimits.UploadTimedOut> timedOut;

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<WorkMetadata> metadata = new AtomicReference<>();
    private final AtomicReference<StoredFile> file = new AtomicReference<>();
    private final AtomicReference<StoredFile> subtitles = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean cutOff = new AtomicBoolean();
    private final Sinks.Empty<Void> cutOffSignal = Sinks.empty();

    UploadParts(MetadataParser parser, int maxMetadataBytes, Mono<UploadTimeLimits.UploadTimedOut> timedOut) {
        this.parser = parser;
        this.maxMetadataBytes = maxMetadataBytes;
        this.timedOut = timedOut;
    }

    Optional<WorkMetadata> metadata() {
        return Optional.ofNullable(metadata.get());
    }

    Optional<StoredFile> file() {
        return Optional.ofNullable(file.get());
    }

    Optional<StoredFile> subtitles() {
        return Optional.ofNullable(subtitles.get());
    }

    /** Whether the body was left unread: the connection must not carry another request. */
    boolean cutOff() {
        return cutOff.get();
    }

    /** Consumes the body; fails with the first refusal once the body is read, or at once when it is cut off. */
    Mono<UploadParts> read(Flux<PartEvent> body, boolean metadataAllowed, Sink fileSink, Sink subtitleSink) {
        return answerEarly(parts(body, metadataAllowed, fileSink, subtitleSink), () -> Mono.error(refusal()));
    }

    private Mono<UploadParts> parts(Flux<PartEvent> body, boolean metadataAllowed, Sink fileSink, Sink subtitleSink) {
        return body.windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst(
                                (first, events) -> handle(first, events, metadataAllowed, fileSink, subtitleSink))
                        // A failure is reported once the body ends; one of the body itself reaches the main flux too.
                        .onErrorResume(e -> {
                            failure.compareAndSet(null, e);
                            return Mono.empty();
                        }))
                // Whatever a cancelled window still holds goes back to the pool.
                .doOnDiscard(PartEvent.class, event -> DataBufferUtils.release(event.content()))
                .then(Mono.defer(() -> failure.get() == null ? Mono.just(this) : Mono.error(failure.get())));
    }

    private Mono<Void> handle(
            Signal<? extends PartEvent> first,
            Flux<PartEvent> events,
            boolean metadataAllowed,
            Sink fileSink,
            Sink subtitleSink) {
        if (!first.hasValue()) {
            return events.then();
        }
        if (failure.get() != null) {
            return drain(events);
        }
        PartEvent head = first.get();
        String filename = head instanceof FilePartEvent filePart ? filePart.filename() : null;
        // a part without a name (or without Content-Disposition) is an unexpected part, not a crash
        String name = Objects.requireNonNullElse(
                head.headers().getContentDisposition().getName(), "");
        return switch (name) {
            case "metadata" -> metadataAllowed ? readMetadata(events) : unexpected(events, name);
            case "file" ->
                file.get() != null
                        ? twice(events, "file")
                        : stream(events, filename, fileSink).doOnNext(file::set).then();
            case "subtitles" ->
                subtitles.get() != null
                        ? twice(events, "subtitles")
                        : stream(events, filename, subtitleSink)
                                .doOnNext(subtitles::set)
                                .then();
            default -> unexpected(events, name);
        };
    }

    /** Reads and drops a body refused before its first part; completes at once when it is cut off. */
    Mono<Void> skip(Flux<PartEvent> body) {
        return answerEarly(
                body.map(event -> {
                            DataBuffer buffer = event.content();
                            int n = buffer.readableByteCount();
                            DataBufferUtils.release(buffer);
                            count(n);
                            return n;
                        })
                        .then(),
                Mono::empty);
    }

    /**
     * Runs the reading of the body to its end, but answers as soon as it is cut off. The body is never
     * cancelled midway, since the multipart reader would then drop buffers it holds: after the answer, which
     * closes the connection, the rest is dropped as it comes until the connection is gone. A client that
     * goes away cancels the reading.
     */
    private <T> Mono<T> answerEarly(Mono<T> reading, Supplier<Mono<T>> cutOffAnswer) {
        return Mono.create(sink -> {
            AtomicBoolean answered = new AtomicBoolean();
            Consumer<T> value = v -> {
                if (answered.compareAndSet(false, true)) {
                    sink.success(v);
                }
            };
            Consumer<Throwable> error = e -> {
                if (answered.compareAndSet(false, true)) {
                    sink.error(e);
                }
            };
            Runnable empty = () -> {
                if (answered.compareAndSet(false, true)) {
                    sink.success();
                }
            };
            Disposable early =
                    cutOffSignal.asMono().then(Mono.defer(cutOffAnswer)).subscribe(value, error, empty);
            Disposable late = timedOut.subscribe(limit -> {
                cutOff.set(true);
                error.accept(Problem.requestTimeout(limit.getMessage()));
            });
            Disposable read = reading.subscribe(value, error, empty);
            sink.onCancel(() -> {
                read.dispose();
                early.dispose();
                late.dispose();
            });
        });
    }

    private Throwable refusal() {
        Throwable refused = failure.get();
        return refused != null
                ? refused
                : new Problem(HttpStatus.BAD_REQUEST, "invalid-upload", "The upload was refused.");
    }

    /** Reads the metadata whole, but holds at most the limit; the rest is counted and dropped. */
    private Mono<Void> readMetadata(Flux<PartEvent> events) {
        return events.map(PartEvent::content)
                .reduce(new ByteArrayOutputStream(), (out, buffer) -> {
                    try {
                        int room = maxMetadataBytes + 1 - out.size();
                        byte[] chunk = new byte[Math.min(room, buffer.readableByteCount())];
                        buffer.read(chunk);
                        out.write(chunk, 0, chunk.length);
                        if (out.size() > maxMetadataBytes) {
                            failure.compareAndSet(null, metadataTooLarge());
                            count(buffer.readableByteCount());
                        }
                        return out;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .map(out -> {
                    if (out.size() > maxMetadataBytes) {
                        throw metadataTooLarge();
                    }
                    return parser.parse(out.toByteArray());
                })
                .doOnNext(metadata::set)
                .then();
    }

    private Problem metadataTooLarge() {
        return new Problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "metadata-too-large",
                "The metadata part is larger than " + maxMetadataBytes + " bytes.");
    }

    /**
     * Streams a part into the store. A refusal while writing (too large, a refused media type, a store
     * failure) turns the rest of the part into dropped bytes; the refusal is raised once the part ends.
     */
    private Mono<StoredFile> stream(Flux<PartEvent> events, String filename, Sink sink) {
        return Mono.usingWhen(
                blocking(() -> sink.apply(filename)),
                incoming -> {
                    Chunker chunker = new Chunker();
                    // Buffers are copied and released as they come, so no operator ever holds one.
                    return events.map(event -> chunker.add(event.content()))
                            .concatMapIterable(chunks -> chunks, 1)
                            .concatWith(Mono.fromSupplier(chunker::rest).filter(chunk -> chunk.length() > 0))
                            .concatMap(chunk -> write(incoming, chunk, chunker), 1)
                            .then(Mono.defer(() -> chunker.refused != null
                                    ? Mono.error(chunker.refused)
                                    : blocking(incoming::finish)));
                },
                incoming -> Mono.empty(),
                (incoming, error) -> blocking(() -> abort(incoming)),
                incoming -> blocking(() -> abort(incoming)));
    }

    private Mono<Boolean> write(IncomingFile incoming, Chunk chunk, Chunker chunker) {
        if (chunker.refused != null) {
            count(chunk.length());
            return Mono.just(false);
        }
        return blocking(() -> {
                    incoming.write(chunk.bytes(), 0, chunk.length());
                    return true;
                })
                .onErrorResume(RuntimeException.class, refused -> {
                    chunker.refused = refused;
                    failure.compareAndSet(null, refused);
                    return Mono.just(false);
                });
    }

    private static boolean abort(IncomingFile incoming) {
        incoming.abort();
        return true;
    }

    /** Copies arriving buffers into chunks and gives the buffers back; once refused, only counts them. */
    private final class Chunker {
        private byte[] bytes = new byte[0];
        private int length;
        volatile RuntimeException refused;

        List<Chunk> add(DataBuffer buffer) {
            try {
                int n = buffer.readableByteCount();
                if (refused != null) {
                    count(n);
                    return List.of();
                }
                List<Chunk> ready = new ArrayList<>(1);
                while (n > 0) {
                    // Grown as needed, so that a sender dripping a few bytes holds a few bytes.
                    int take = Math.min(n, CHUNK - length);
                    if (length + take > bytes.length) {
                        bytes = Arrays.copyOf(bytes, Math.min(CHUNK, Math.max(length + take, bytes.length * 2)));
                    }
                    buffer.read(bytes, length, take);
                    length += take;
                    n -= take;
                    if (length == CHUNK) {
                        ready.add(rest());
                    }
                }
                return ready;
            } finally {
                DataBufferUtils.release(buffer);
            }
        }

        Chunk rest() {
            Chunk chunk = new Chunk(bytes, length);
            bytes = new byte[0];
            length = 0;
            return chunk;
        }
    }

    private record Chunk(byte[] bytes, int length) {}

    /** Drops a part that comes after a refusal, within the drain limit. */
    private Mono<Void> drain(Flux<PartEvent> events) {
        // Mapped to the count, so that nothing released here reaches the discard hook a second time.
        return events.map(event -> {
                    DataBuffer buffer = event.content();
                    int n = buffer.readableByteCount();
                    DataBufferUtils.release(buffer);
                    count(n);
                    return n;
                })
                .then();
    }

    /** Counts dropped bytes of a refused body; past the limit, the answer goes out without waiting for the rest. */
    private void count(long bytes) {
        if (dropped.addAndGet(bytes) > DRAIN_LIMIT && cutOff.compareAndSet(false, true)) {
            cutOffSignal.tryEmitEmpty();
        }
    }

    private Mono<Void> twice(Flux<PartEvent> events, String name) {
        return refuse(events, "Send the '" + name + "' part only once.");
    }

    private Mono<Void> unexpected(Flux<PartEvent> events, String name) {
        return refuse(events, "Unexpected part '" + name + "'; send 'file', optional 'subtitles' and 'metadata'.");
    }

    private Mono<Void> refuse(Flux<PartEvent> events, String detail) {
        failure.compareAndSet(null, new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-upload", detail));
        return drain(events);
    }

    private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
