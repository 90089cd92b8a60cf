package org.kepu.api.works;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.problem.Problem;
import org.kepu.api.ratelimit.ConcurrencyLimit;
import org.kepu.api.search.SearchService;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.extraction.OcrLayout;
import org.kepu.ingestion.upload.StoredFile;
import org.kepu.ingestion.work.ConcurrentChangeException;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.query.SearchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Works and their versions: upload, read, download. Handlers delegate to {@link WorkService}. */
@RestController
@RequestMapping("/api/v1/works")
class WorkController {

    private static final Logger log = LoggerFactory.getLogger(WorkController.class);

    /** Room in a request for the subtitles part and multipart framing, besides the file. */
    private static final long SUBTITLES_ALLOWANCE = 11L * 1024 * 1024;

    /** Uploads have no foreseeable end; a few seconds is a fair pause before trying again. */
    private static final long UPLOAD_RETRY_AFTER_SECONDS = 5;

    private final WorkService service;
    private final MetadataParser metadataParser = new MetadataParser();
    private final KepuProperties properties;

    private final SearchService search;

    /** Uploads under way per caller; a drip-fed upload holds a slot, never a thread. */
    private final ConcurrencyLimit uploadSlots;

    WorkController(WorkService service, SearchService search, KepuProperties properties) {
        this.service = service;
        this.search = search;
        this.properties = properties;
        this.uploadSlots = new ConcurrencyLimit(properties.users().concurrentUploads());
    }

    /**
     * A new work. {@code onBehalfOf} lets an admin upload a creator's work (bulk import keeps creators);
     * an {@code Idempotency-Key} makes a repeated upload answer the work the first one made (200) instead
     * of making another.
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<WorkView>> create(
            @AuthenticationPrincipal Jwt jwt,
            @RequestParam Optional<String> onBehalfOf,
            @RequestHeader(name = "Idempotency-Key", required = false) Optional<String> idempotencyKey,
            ServerWebExchange exchange,
            @RequestBody Flux<PartEvent> body) {
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponse response = exchange.getResponse();
        Caller caller = Caller.of(jwt);
        String owner = Uploader.owner(caller, onBehalfOf);
        checkDeclaredLength(request, response);
        String id = idempotencyKey
                .map(key -> Uploader.idFor(owner, Uploader.checkedKey(key)))
                .orElseGet(service::newId);
        UploadParts parts = parts(exchange);
        return withUploadSlot(
                caller,
                response,
                body,
                parts,
                blocking(() -> service.existing(id, owner).orElse(null))
                        .flatMap(done -> parts.skip(body).thenReturn(ResponseEntity.ok(view(done, caller))))
                        .switchIfEmpty(Mono.defer(() -> parts.read(body, true, sink(id, false), sink(id, true))
                                .flatMap(read -> uninterrupted(() -> {
                                    WorkMetadata metadata =
                                            read.metadata().orElseThrow(() -> WorkService.missing("metadata"));
                                    StoredFile file = read.file().orElseThrow(() -> WorkService.missing("file"));
                                    checkSubtitles(file, read.subtitles());
                                    Work work;
                                    try {
                                        work = service.create(caller, owner, id, metadata, file, read.subtitles());
                                    } catch (ConcurrentChangeException sameKey) {
                                        // A concurrent upload with the same key won; this copy is not needed.
                                        Work first = service.existing(id, owner).orElseThrow(() -> sameKey);
                                        discardNow(read);
                                        return ResponseEntity.ok(view(first, caller));
                                    }
                                    search.indexCommitted(id);
                                    return ResponseEntity.created(URI.create("/api/v1/works/" + id))
                                            .body(view(work, caller));
                                }))
                                .onErrorResume(e -> failed(parts, response, e)))));
    }

    /**
     * Runs a commit on the elastic pool to its end even when the client goes away: cancelling a blocking
     * call interrupts its thread, and an interrupted write makes Lucene close its index for good.
     */
    private static <T> Mono<T> uninterrupted(java.util.concurrent.Callable<T> call) {
        return Mono.defer(() -> Mono.fromFuture(
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return call.call();
                            } catch (RuntimeException e) {
                                throw e;
                            } catch (Exception e) {
                                throw new CompletionException(e);
                            }
                        },
                        task -> Schedulers.boundedElastic().schedule(task)),
                true));
    }

    private static WorkView view(Work work, Caller caller) {
        return WorkView.of(work).seenBy(caller);
    }

    private void discardNow(UploadParts read) {
        read.file().ifPresent(service::discard);
        read.subtitles().ifPresent(service::discard);
    }

    @PostMapping(path = "/{id}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<WorkView>> addVersion(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            ServerWebExchange exchange,
            @RequestBody Flux<PartEvent> body) {
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponse response = exchange.getResponse();
        Caller caller = Caller.of(jwt);
        checkDeclaredLength(request, response);
        UploadParts parts = parts(exchange);
        return withUploadSlot(
                caller,
                response,
                body,
                parts,
                blocking(() -> service.ownedForUpdate(caller, id))
                        .then(parts.read(body, false, sink(id, false), sink(id, true)))
                        .flatMap(read -> uninterrupted(() -> {
                            StoredFile file = read.file().orElseThrow(() -> WorkService.missing("file"));
                            checkSubtitles(file, read.subtitles());
                            Work work = service.addVersion(caller, id, file, read.subtitles());
                            search.indexCommitted(work.id());
                            return work;
                        }))
                        .onErrorResume(e -> failed(parts, response, e))
                        .map(work -> ResponseEntity.created(
                                        URI.create("/api/v1/works/" + work.id() + "/versions/" + work.currentVersion()))
                                .body(WorkView.of(work).seenBy(caller))));
    }

    @GetMapping("/{id}")
    Mono<WorkView> get(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        Caller caller = Caller.of(jwt);
        return blocking(() -> WorkView.of(service.visible(caller, id)).seenBy(caller));
    }

    @GetMapping
    Mono<WorkPage> list(
            @AuthenticationPrincipal Jwt jwt,
            @RequestParam Optional<String> status,
            @RequestParam(defaultValue = "false") boolean mine,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || size < 1 || size > SearchRequest.MAX_SIZE) {
            return Mono.error(new Problem(
                    HttpStatus.BAD_REQUEST,
                    "bad-request",
                    "'page' must be ≥ 0 and 'size' between 1 and " + SearchRequest.MAX_SIZE + "."));
        }
        // The listing pages through the search index, which goes no deeper than its window.
        if (((long) page + 1) * size > SearchRequest.MAX_WINDOW) {
            return Mono.error(new Problem(
                    HttpStatus.BAD_REQUEST,
                    "bad-request",
                    "Listings reach " + SearchRequest.MAX_WINDOW + " works deep: (page + 1) × size must not exceed "
                            + SearchRequest.MAX_WINDOW + ". Narrow it with 'status' or 'mine', or use /api/v1/search"
                            + " and its cursor.",
                    Map.of("maxDepth", SearchRequest.MAX_WINDOW)));
        }
        Optional<WorkStatus> wanted;
        try {
            wanted = status.map(s -> WorkStatus.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Mono.error(new Problem(
                    HttpStatus.BAD_REQUEST,
                    "bad-request",
                    "'status' must be one of " + List.of(WorkStatus.values()) + "."));
        }
        return blocking(() -> {
            SearchService.Page found = search.list(Caller.of(jwt), wanted.map(Enum::name), mine, page, size);
            Caller caller = Caller.of(jwt);
            List<WorkView> items = found.items().stream()
                    .map(w -> WorkView.of(w).seenBy(caller))
                    .toList();
            return new WorkPage(found.total(), page, size, items);
        });
    }

    @GetMapping("/{id}/versions/{number}/file")
    Mono<ResponseEntity<Flux<DataBuffer>>> file(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable int number) {
        return blocking(() -> service.version(Caller.of(jwt), id, number)).map(version -> {
            if (properties.store().presignedDownloads()) {
                Optional<URI> url = service.presigned(version.objectKey());
                if (url.isPresent()) {
                    return ResponseEntity.status(HttpStatus.FOUND)
                            .location(url.get())
                            .<Flux<DataBuffer>>build();
                }
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(version.mediaType()))
                    .contentLength(version.size())
                    .eTag(version.digest())
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment()
                                    .filename(version.fileName(), StandardCharsets.UTF_8)
                                    .build()
                                    .toString())
                    .body(stream(version.objectKey()));
        });
    }

    /**
     * The extracted text, as plain text; asked for as JSON ({@code Accept: application/json}), the text
     * with the parts OCR read from pictures marked: each line's offsets, page, box and confidence.
     */
    @GetMapping("/{id}/versions/{number}/text")
    Mono<ResponseEntity<Flux<DataBuffer>>> text(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @PathVariable int number,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return blocking(() -> service.version(Caller.of(jwt), id, number)).map(version -> {
            if (version.textKey() == null) {
                String state = version.failure() != null
                        ? "extraction failed: " + version.failure()
                        : "the text is still being extracted; try again shortly";
                throw Problem.conflict("No text for version " + number + ": " + state, Map.of());
            }
            if (wantsJson(accept)) {
                return ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Mono.fromCallable(() -> textWithOcr(id, version.number(), version.textKey()))
                                .subscribeOn(Schedulers.boundedElastic())
                                .flux());
            }
            return ResponseEntity.ok()
                    .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                    .body(stream(version.textKey()));
        });
    }

    /** The text and where OCR read it: {@code {"text", "ocr": [{start, end, page, source, box, confidence, dpi}]}}. */
    record TextWithOcr(String text, List<OcrLayout.Line> ocr) {}

    private DataBuffer textWithOcr(String id, int number, String textKey) throws IOException {
        String text;
        try (InputStream in = service.open(textKey).orElseThrow(() -> Problem.notFound("The text"))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return DefaultDataBufferFactory.sharedInstance.wrap(
                JsonObjects.MAPPER.writeValueAsBytes(new TextWithOcr(text, service.ocrLines(id, number))));
    }

    /** JSON only when the client names it; {@code *}{@code /*} and browsers keep getting plain text. */
    private static boolean wantsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            MediaType chosen = null;
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                boolean concrete = !type.isWildcardType() && !type.isWildcardSubtype();
                if (concrete && (chosen == null || type.getQualityValue() > chosen.getQualityValue())) {
                    chosen = type;
                }
            }
            return chosen != null
                    && chosen.getQualityValue() > 0
                    && chosen.isCompatibleWith(MediaType.APPLICATION_JSON);
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return false;
        }
    }

    private Flux<DataBuffer> stream(String key) {
        return DataBufferUtils.readInputStream(
                        () -> service.open(key).orElseThrow(() -> Problem.notFound("The file")),
                        DefaultDataBufferFactory.sharedInstance,
                        64 * 1024)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private UploadParts parts(ServerWebExchange exchange) {
        return new UploadParts(
                metadataParser, (int) properties.upload().maxMetadataSize().toBytes(), UploadTimeLimits.of(exchange));
    }

    private UploadParts.Sink sink(String id, boolean subtitles) {
        return subtitles ? name -> service.receiveSubtitles(id, name) : name -> service.receiveOriginal(id, name);
    }

    /**
     * Runs an upload in one of the caller's upload slots, or answers 429 after dropping a small body (a
     * large one is left unread and its connection closed).
     */
    private <T> Mono<T> withUploadSlot(
            Caller caller, ServerHttpResponse response, Flux<PartEvent> body, UploadParts parts, Mono<T> upload) {
        return Mono.defer(() -> {
            Optional<ConcurrencyLimit.Slot> slot = uploadSlots.tryTake(caller.id());
            if (slot.isEmpty()) {
                return parts.skip(body)
                        .then(Mono.defer(() -> failed(
                                parts,
                                response,
                                Problem.tooManyRequests(
                                        "too-many-uploads",
                                        "You have " + uploadSlots.limit()
                                                + " uploads under way; send the next when one ends.",
                                        UPLOAD_RETRY_AFTER_SECONDS))));
            }
            return upload.doFinally(signal -> slot.get().release());
        });
    }

    /** Leaves nothing of a failed upload, and no connection whose request body was left unread. */
    private <T> Mono<T> failed(UploadParts parts, ServerHttpResponse response, Throwable error) {
        if (parts.cutOff()) {
            response.getHeaders().setConnection("close");
        }
        return discard(parts).then(Mono.error(error));
    }

    private Mono<Void> discard(UploadParts parts) {
        return blocking(() -> {
                    parts.file().ifPresent(service::discard);
                    parts.subtitles().ifPresent(service::discard);
                    return true;
                })
                .then();
    }

    /**
     * A declared length beyond the limit is refused before a single byte is stored, or read: the connection
     * then carries no further request.
     */
    private void checkDeclaredLength(ServerHttpRequest request, ServerHttpResponse response) {
        long declared = request.getHeaders().getContentLength();
        long allowed = properties.upload().maxSize().toBytes()
                + SUBTITLES_ALLOWANCE
                + properties.upload().maxMetadataSize().toBytes();
        if (declared > allowed) {
            response.getHeaders().setConnection("close");
            throw new org.kepu.ingestion.upload.UploadTooLargeException(
                    properties.upload().maxSize().toBytes());
        }
    }

    private static void checkSubtitles(StoredFile file, Optional<StoredFile> subtitles) {
        if (subtitles.isPresent() && !file.mediaType().startsWith("video/")) {
            throw new Problem(
                    HttpStatus.UNPROCESSABLE_CONTENT, "invalid-upload", "Subtitles can only accompany a video.");
        }
    }

    private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
