package org.kepu.ingestion.extraction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.kepu.ingestion.extraction.ExtractionOutcome.Failure;
import org.kepu.ingestion.extraction.ExtractionOutcome.FailureKind;
import org.kepu.ingestion.extraction.ExtractionOutcome.Success;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the text of uploads in a small pool of child JVMs, so that a hostile or broken file can at
 * worst cost one child: it is killed on timeout and replaced after a crash or out-of-memory exit.
 * Children are reused between files because a warm JIT parses several times faster. Safe for
 * concurrent use; {@link #extract} blocks while all children are busy.
 */
public final class TextExtractor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TextExtractor.class);

    private static final Duration STARTUP = Duration.ofSeconds(60);
    /** Retire a child after this many files, in case a parser leaks memory. */
    private static final int MAX_FILES_PER_CHILD = 1000;

    private static final int OOM_EXIT = 3;

    private static final Set<String> DOCUMENTS = Set.of(
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text",
            "application/epub+zip",
            "text/html",
            "text/markdown",
            "text/plain");
    /** Read by OCR in the child; without OCR they succeed with empty text, as videos do. */
    static final Set<String> IMAGES =
            Set.of("image/png", "image/jpeg", "image/webp", "image/gif", "image/tiff", "image/bmp");

    private static final Set<String> WITHOUT_TEXT = Set.of("video/mp4", "video/webm");
    /** Parsed in the child too, so that a hostile subtitle file meets the same timeout and heap cap. */
    static final Set<String> SUBTITLES = Set.of("application/x-subrip", "text/vtt");

    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset=\"?([^\";\\s]+)");

    private final ExtractionSettings settings;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Semaphore permits;
    private final Deque<WorkerProcess> idle = new ArrayDeque<>();
    private final Set<WorkerProcess> live = ConcurrentHashMap.newKeySet();
    private boolean closed;

    public TextExtractor(ExtractionSettings settings) {
        this(settings, ExtractionWorkerMain.class.getName());
    }

    /** Runs another main class in the children; tests use it to simulate hangs and crashes. */
    TextExtractor(ExtractionSettings settings, String workerMainClass) {
        this(settings, workerMainClass, System.getenv());
    }

    /** Children inherit only the allow-listed part of {@code parentEnvironment}. */
    TextExtractor(ExtractionSettings settings, String workerMainClass, Map<String, String> parentEnvironment) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.command = WorkerCommand.forCurrentJvm(workerMainClass, settings);
        this.environment = WorkerCommand.environment(parentEnvironment);
        this.permits = new Semaphore(settings.poolSize(), true);
    }

    /**
     * Extracts the text of {@code file}, whose type was established by the media-type detector.
     * Images (PNG, JPEG, WebP, GIF's first frame, TIFF, BMP) are read by OCR; one without readable text
     * succeeds with empty text. Videos succeed with empty text; for a video, pass its subtitle file (SRT
     * or WebVTT) instead to get the spoken text. Text read by OCR, also from PDF pages without a text
     * layer and pictures embedded in documents, comes with its layout ({@link Success#layout()}). Documents also get a sanitised HTML
     * body ({@link Success#html()}): from the structure Tika finds in HTML, DOCX, ODT, EPUB, PPTX and
     * PDF, from the text itself for plain text and Markdown; it is sanitised in the child JVM.
     *
     * @param fileName the creator's original file name; Tika needs it to read some text encodings
     * @param mediaType the detected type, possibly with a charset parameter
     * @throws ExtractionUnavailableException when no child JVM can run; retry later
     */
    public ExtractionOutcome extract(Path file, String fileName, String mediaType) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mediaType, "mediaType");
        String type = baseType(mediaType);
        if (WITHOUT_TEXT.contains(type) || (IMAGES.contains(type) && !settings.ocr())) {
            try {
                return new Success(Files.createTempFile("kepu-text-", ".txt"), 0, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write extracted text", e);
            }
        }
        if (!DOCUMENTS.contains(type) && !SUBTITLES.contains(type) && !IMAGES.contains(type)) {
            return new Failure(FailureKind.UNSUPPORTED, "Text cannot be extracted from files of type " + type + ".");
        }
        return inChild(file, fileName, mediaType, type);
    }

    /**
     * How the pool stands, for health checks.
     *
     * @param busy extractions running now, out of {@code workers}
     * @param children child JVMs alive, idle or busy
     */
    public record PoolState(boolean open, int workers, int busy, int children) {}

    public PoolState state() {
        boolean open;
        synchronized (this) {
            open = !closed;
        }
        return new PoolState(open, settings.poolSize(), settings.poolSize() - permits.availablePermits(), live.size());
    }

    /** Kills every child JVM; later calls to {@link #extract} fail. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.clear();
        }
        live.forEach(WorkerProcess::kill);
        live.clear();
    }

    private ExtractionOutcome inChild(Path file, String fileName, String mediaType, String type) {
        Path output;
        Path html;
        try {
            output = Files.createTempFile("kepu-text-", ".txt");
            html = Files.createTempFile("kepu-body-", ".html");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file for extracted text", e);
        }
        WorkerProtocol.Request request = new WorkerProtocol.Request(
                file.toAbsolutePath(),
                fileName,
                mediaType,
                settings.maxChars(),
                output.toAbsolutePath(),
                html.toAbsolutePath());
        ExtractionOutcome outcome = new Failure(FailureKind.CANCELLED, "Reading the file was cancelled.");
        try {
            permits.acquire();
            try {
                outcome = runOnChild(request, type);
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!(outcome instanceof Success success)) {
                deleteQuietly(output);
                deleteQuietly(html);
                deleteQuietly(request.layout());
            } else {
                if (success.html().isEmpty()) {
                    deleteQuietly(html);
                }
                if (success.layout().isEmpty()) {
                    deleteQuietly(request.layout());
                }
            }
        }
        return outcome;
    }

    private ExtractionOutcome runOnChild(WorkerProtocol.Request request, String type) throws InterruptedException {
        WorkerProcess worker = borrow();
        WorkerProcess.Exchange exchange;
        try {
            exchange = worker.exchange(request.toLine(), STARTUP, settings.timeout());
        } catch (InterruptedException e) {
            replace(worker);
            throw e;
        }
        if (exchange instanceof WorkerProcess.Answered answered) {
            var reply = WorkerProtocol.parseReply(answered.line());
            if (reply.isPresent() && reply.get() instanceof WorkerProtocol.Ok ok) {
                giveBack(worker);
                return new Success(
                        request.output(),
                        ok.chars(),
                        ok.truncated(),
                        ok.html() ? Optional.of(request.html()) : Optional.empty(),
                        ok.layout() ? Optional.of(request.layout()) : Optional.empty());
            }
            if (reply.isPresent() && reply.get() instanceof WorkerProtocol.Err err) {
                log.debug("extraction of {} failed: {} {}", request.resourceName(), err.kind(), err.detail());
                giveBack(worker);
                return new Failure(err.kind(), reasonFor(err.kind(), type));
            }
            log.warn("{} answered nonsense, replacing it: {}", worker, answered.line());
            replace(worker);
            return new Failure(FailureKind.CRASHED, reasonFor(FailureKind.CRASHED, type));
        }
        if (exchange instanceof WorkerProcess.TimedOut) {
            log.info("{} took longer than {} on {}, killing it", worker, settings.timeout(), request.resourceName());
            replace(worker);
            return new Failure(FailureKind.TIMEOUT, reasonFor(FailureKind.TIMEOUT, type));
        }
        WorkerProcess.Died died = (WorkerProcess.Died) exchange;
        if (!worker.isReady()) {
            replaceAfterFailedStart(worker, died);
        }
        boolean outOfMemory = worker.exitValue().orElse(-1) == OOM_EXIT;
        log.warn(
                "{} died on {} ({}); replacing it. Last output:\n{}",
                worker,
                request.resourceName(),
                outOfMemory ? "out of memory" : "exit " + worker.exitValue().orElse(-1),
                died.stderrTail());
        replace(worker);
        return outOfMemory
                ? new Failure(FailureKind.TOO_LARGE, reasonFor(FailureKind.TOO_LARGE, type))
                : new Failure(FailureKind.CRASHED, reasonFor(FailureKind.CRASHED, type));
    }

    private String reasonFor(FailureKind kind, String type) {
        return switch (kind) {
            case PASSWORD_PROTECTED ->
                type.equals("application/pdf")
                        ? "The PDF is password-protected; upload it without a password."
                        : "The file is password-protected; upload it without a password.";
            case DAMAGED -> "The file is damaged or truncated and cannot be read.";
            case NO_TEXT ->
                SUBTITLES.contains(type)
                        ? "No text could be found in the subtitle file."
                        : "No text could be found in the file.";
            case TOO_LARGE -> "The file unpacks into far more data than it holds and was not read.";
            case TIMEOUT -> "Reading the file took longer than " + seconds(settings.timeout()) + " and was stopped.";
            case CRASHED -> "Reading the file stopped unexpectedly; the file may be damaged.";
            case UNSUPPORTED -> "Text cannot be extracted from files of type " + type + ".";
            case CANCELLED -> "Reading the file was cancelled.";
        };
    }

    private WorkerProcess borrow() {
        synchronized (this) {
            if (closed) {
                throw new ExtractionUnavailableException("text extraction is shut down");
            }
            WorkerProcess worker = idle.pollFirst();
            if (worker != null && worker.isAlive()) {
                return worker;
            }
            if (worker != null) {
                live.remove(worker);
            }
            return spawn();
        }
    }

    private synchronized void giveBack(WorkerProcess worker) {
        if (closed || worker.served() >= MAX_FILES_PER_CHILD) {
            retire(worker);
            if (!closed) {
                idle.addLast(spawn());
            }
            return;
        }
        idle.addFirst(worker);
    }

    /** Kills a child whose state is unknown and starts its successor now, so it is warm sooner. */
    private void replace(WorkerProcess worker) {
        retire(worker);
        synchronized (this) {
            if (!closed) {
                try {
                    idle.addLast(spawn());
                } catch (ExtractionUnavailableException e) {
                    log.error("cannot start a replacement extraction worker", e);
                }
            }
        }
    }

    private void replaceAfterFailedStart(WorkerProcess worker, WorkerProcess.Died died) {
        retire(worker);
        throw new ExtractionUnavailableException("extraction worker did not start (" + command.get(command.size() - 2)
                + "); last output:\n" + died.stderrTail());
    }

    private void retire(WorkerProcess worker) {
        worker.kill();
        live.remove(worker);
    }

    private WorkerProcess spawn() {
        try {
            WorkerProcess worker = WorkerProcess.start(command, environment);
            live.add(worker);
            return worker;
        } catch (IllegalStateException e) {
            throw new ExtractionUnavailableException("cannot start an extraction worker", e);
        }
    }

    /** Process ids of the running children, for tests and diagnostics. */
    Set<Long> childPids() {
        return live.stream().map(WorkerProcess::pid).collect(Collectors.toUnmodifiableSet());
    }

    static String baseType(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    static Charset charsetOf(String mediaType) {
        Matcher matcher = CHARSET.matcher(mediaType);
        if (matcher.find()) {
            try {
                return Charset.forName(matcher.group(1));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", path, e.toString());
        }
    }
}
