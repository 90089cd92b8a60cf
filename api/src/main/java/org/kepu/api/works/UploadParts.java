package org.kepu.api.works;

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

    /** Stores one streamed part: (content, file name) → what was stored. Blocking. */
    interface Sink extends BiFunction<InputStream, String, StoredFile> {}

    private final MetadataParser parser;
    private final int maxMetadataBytes;

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

    /** Consumes the body; on failure whatever was already stored is handed to {@code discard}. */
    Mono<UploadParts> read(Flux<PartEvent> body, boolean metadataAllowed, Sink fileSink, Sink subtitleSink) {
        return body.windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    if (!first.hasValue()) {
                        return events.then();
                    }
                    PartEvent head = first.get();
                    String filename = head instanceof FilePartEvent filePart ? filePart.filename() : null;
                    return switch (head.name()) {
                        case "metadata" -> metadataAllowed ? readMetadata(events) : unexpected(events, head.name());
                        case "file" ->
                            once(file, "file")
                                    .then(stream(events, filename, fileSink))
                                    .doOnNext(file::set)
                                    .then();
                        case "subtitles" ->
                            once(subtitles, "subtitles")
                                    .then(stream(events, filename, subtitleSink))
                                    .doOnNext(subtitles::set)
                                    .then();
                        default -> unexpected(events, head.name());
                    };
                }))
                .then(Mono.just(this));
    }

    private Mono<Void> readMetadata(Flux<PartEvent> events) {
        return DataBufferUtils.join(events.map(PartEvent::content), maxMetadataBytes)
                .onErrorMap(
                        org.springframework.core.io.buffer.DataBufferLimitException.class,
                        e -> new Problem(
                                HttpStatus.PAYLOAD_TOO_LARGE,
                                "metadata-too-large",
                                "The metadata part is larger than " + maxMetadataBytes + " bytes."))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .doOnNext(bytes -> metadata.set(parser.parse(bytes)))
                .then();
    }

    private static Mono<StoredFile> stream(Flux<PartEvent> events, String filename, Sink sink) {
        Flux<DataBuffer> content = events.map(PartEvent::content);
        return Mono.fromCallable(() -> {
                    try (InputStream in = DataBufferUtils.subscriberInputStream(content, 4)) {
                        return sink.apply(in, filename);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static Mono<Void> once(AtomicReference<StoredFile> slot, String name) {
        return slot.get() == null
                ? Mono.empty()
                : Mono.error(new Problem(
                        HttpStatus.UNPROCESSABLE_ENTITY, "invalid-upload", "Send the '" + name + "' part only once."));
    }

    private static Mono<Void> unexpected(Flux<PartEvent> events, String name) {
        return events.doOnNext(event -> DataBufferUtils.release(event.content()))
                .then(Mono.error(new Problem(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "invalid-upload",
                        "Unexpected part '" + name + "'; send 'file'" + ", optional 'subtitles' and 'metadata'.")));
    }
}
