package org.kepu.api.works;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.kepu.api.problem.Problem;
import org.kepu.ingestion.upload.StoredFile;
import org.kepu.ingestion.work.WorkMetadata;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads an upload's multipart body part by part as it arrives. The file part is streamed straight into
 * the store on a bounded scheduler; the small metadata part is collected and validated as soon as it is
 * complete, so bad metadata sent first stops the upload before the file is read.
 */
final class UploadParts {

    /** Reads and drops the rest of a refused part. */
    private static void skipRest(InputStream in) {
        byte[] sink = new byte[64 * 1024];
        try {
            while (in.read(sink) >= 0) {
                // dropped
            }
        } catch (IOException | RuntimeException gone) {
            // The client stopped sending; nothing more to drop.
        }
    }

    /** Stores one streamed part: (content, file name) → what was stored. Blocking. */
    interface Sink extends BiFunction<InputStream, String, StoredFile> {}

    private final MetadataParser parser;
    private final int maxMetadataBytes;

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<WorkMetadata> metadata = new AtomicReference<>();
    private final AtomicReference<StoredFile> file = new AtomicReference<>();
    private final AtomicReference<StoredFile> subtitles = new AtomicReference<>();

    UploadParts(MetadataParser parser, int maxMetadataBytes) {
        this.parser = parser;
        this.maxMetadataBytes = maxMetadataBytes;
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

    /**
     * Consumes the body. A refused part does not stop the reading: the rest of the body is read and
     * dropped, so that the client, still sending, receives the problem document instead of a reset
     * connection, and no buffer of a half-read part is left unreleased (dropping a part midway would leave
     * its remaining buffers to nobody).
     */
    Mono<UploadParts> read(Flux<PartEvent> body, boolean metadataAllowed, Sink fileSink, Sink subtitleSink) {
        return body.windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    if (!first.hasValue()) {
                        return events.then();
                    }
                    if (failure.get() != null) {
                        return drain(events);
                    }
                    PartEvent head = first.get();
                    String filename = head instanceof FilePartEvent filePart ? filePart.filename() : null;
                    Mono<Void> handled = switch (head.name()) {
                        case "metadata" -> metadataAllowed ? readMetadata(events) : unexpected(events, head.name());
                        case "file" ->
                            once(file, "file", events)
                                    .switchIfEmpty(stream(events, filename, fileSink))
                                    .doOnNext(file::set)
                                    .then();
                        case "subtitles" ->
                            once(subtitles, "subtitles", events)
                                    .switchIfEmpty(stream(events, filename, subtitleSink))
                                    .doOnNext(subtitles::set)
                                    .then();
                        default -> unexpected(events, head.name());
                    };
                    return handled.onErrorResume(e -> {
                        failure.compareAndSet(null, e);
                        return Mono.empty();
                    });
                }))
                .then(Mono.defer(() -> failure.get() == null ? Mono.just(this) : Mono.error(failure.get())));
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
                        return out;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .map(out -> {
                    if (out.size() > maxMetadataBytes) {
                        throw new Problem(
                                HttpStatus.CONTENT_TOO_LARGE,
                                "metadata-too-large",
                                "The metadata part is larger than " + maxMetadataBytes + " bytes.");
                    }
                    return parser.parse(out.toByteArray());
                })
                .doOnNext(metadata::set)
                .then();
    }

    private Mono<Void> drain(Flux<PartEvent> events) {
        return events.map(PartEvent::content).doOnNext(DataBufferUtils::release).then();
    }

    private Mono<StoredFile> stream(Flux<PartEvent> events, String filename, Sink sink) {
        Flux<DataBuffer> content = events.map(PartEvent::content);
        return Mono.fromCallable(() -> {
                    try (InputStream in = DataBufferUtils.subscriberInputStream(content, 64)) {
                        try {
                            return sink.apply(in, filename);
                        } catch (RuntimeException refused) {
                            skipRest(in);
                            throw refused;
                        }
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<StoredFile> once(AtomicReference<StoredFile> slot, String name, Flux<PartEvent> events) {
        return slot.get() == null
                ? Mono.empty()
                : drain(events)
                        .then(Mono.error(new Problem(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "invalid-upload",
                                "Send the '" + name + "' part only once.")));
    }

    private Mono<Void> unexpected(Flux<PartEvent> events, String name) {
        return drain(events)
                .then(Mono.error(new Problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "invalid-upload",
                        "Unexpected part '" + name + "'; send 'file'" + ", optional 'subtitles' and 'metadata'.")));
    }
}
