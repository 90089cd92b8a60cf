package org.kepu.ingestion.upload;

import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.work.WorkRepository;

/**
 * Streams an upload into the object store in one pass: size limit, SHA-256 and media-type sniffing
 * happen while the bytes flow, so a file never sits whole in memory and a refused file stops early.
 */
public final class UploadService {

    static final long MAX_SUBTITLES = 10L * 1024 * 1024;

    private final ObjectStore store;
    private final MediaTypeCheck mediaTypes;
    private final long maxSize;

    public UploadService(ObjectStore store, MediaTypeCheck mediaTypes, long maxSize) {
        this.store = store;
        this.mediaTypes = mediaTypes;
        this.maxSize = maxSize;
    }

    public long maxSize() {
        return maxSize;
    }

    /**
     * Stores the content as a new original of the work. On any refusal nothing stays in the store and the
     * refusal is thrown: {@link UploadTooLargeException}, {@link UnsupportedFileException},
     * {@link EmptyFileException}.
     */
    public StoredFile store(String workId, InputStream content, String fileName) {
        return store(workId, content, fileName, "", maxSize, mediaTypes::fromHead);
    }

    /** Stores a video's subtitle file (SRT or WebVTT, at most {@value #MAX_SUBTITLES} bytes). */
    public StoredFile storeSubtitles(String workId, InputStream content, String fileName) {
        return store(
                workId,
                content,
                fileName,
                "-subtitles",
                MAX_SUBTITLES,
                (head, name) -> Optional.of(mediaTypes.subtitlesFromHead(head, name)));
    }

    /** Starts an original of the work that arrives piece by piece; see {@link IncomingFile}. */
    public IncomingFile receive(String workId, String fileName) {
        String safeName = safeFileName(fileName);
        return incoming(workId, safeName, "", maxSize, head -> mediaTypes.fromHead(head, safeName));
    }

    /** Starts a video's subtitle file that arrives piece by piece. */
    public IncomingFile receiveSubtitles(String workId, String fileName) {
        String safeName = safeFileName(fileName);
        return incoming(
                workId,
                safeName,
                "-subtitles",
                MAX_SUBTITLES,
                head -> Optional.of(mediaTypes.subtitlesFromHead(head, safeName)));
    }

    private IncomingFile incoming(
            String workId, String safeName, String suffix, long limit, Function<byte[], Optional<String>> headCheck) {
        String key = WorkRepository.originalKey(workId, UUID.randomUUID() + suffix);
        return new IncomingFile(
                store,
                store.writer(key, "application/octet-stream"),
                key,
                safeName,
                limit,
                headCheck,
                (stored, name) -> mediaTypes.fromWhole(() -> open(stored), name));
    }

    private StoredFile store(
            String workId,
            InputStream content,
            String fileName,
            String suffix,
            long limit,
            BiFunction<byte[], String, Optional<String>> headCheck) {
        String safeName = safeFileName(fileName);
        String key = WorkRepository.originalKey(workId, UUID.randomUUID() + suffix);
        AtomicReference<Optional<String>> fromHead = new AtomicReference<>(Optional.empty());
        DigestingInputStream digesting = new DigestingInputStream(content, limit, head -> {
            if (head.length == 0) {
                throw new EmptyFileException();
            }
            fromHead.set(headCheck.apply(head, safeName));
        });
        ObjectStore.ObjectInfo stored = store.put(key, digesting, ObjectStore.UNKNOWN_SIZE, "application/octet-stream");
        try {
            String mediaType = fromHead.get().orElseGet(() -> mediaTypes.fromWhole(() -> open(key), safeName));
            return new StoredFile(key, digesting.digest(), stored.size(), mediaType, safeName);
        } catch (RuntimeException refused) {
            store.delete(key);
            throw refused;
        }
    }

    /** Discards a stored upload that will not become part of a work (the rest of its request failed). */
    public void discard(StoredFile file) {
        store.delete(file.objectKey());
    }

    private InputStream open(String key) {
        return store.open(key).orElseThrow(() -> new IllegalStateException("stored upload vanished: " + key));
    }

    /**
     * The name is kept only as metadata (and as Tika's hint); it never becomes a path. Folders, control
     * characters and excess length are dropped.
     */
    public static String safeFileName(String fileName) {
        if (fileName == null) {
            return "upload";
        }
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = base.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            return "upload";
        }
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }
}
