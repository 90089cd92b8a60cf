package org.kepu.ingestion.store;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded object store: one file per object under a root directory. It is meant for a single
 * process (a file lock refuses a second one); conditional writes are serialised with in-process locks.
 *
 * <p>Each file starts with a small header holding the object's ETag, a random id drawn for every
 * write. Keeping the ETag in the same file as the content means one atomic rename replaces both, so
 * a crash can never pair new content with an old ETag (which would let a stale compare-and-set win),
 * and {@link #read} always returns content and ETag of the same write. Writes go to a temporary file
 * under {@value #TEMP_DIR}, are synced, then renamed over the target.
 */
public final class FileSystemObjectStore implements ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(FileSystemObjectStore.class);

    /** Temporary files live here, inside the root so that the final rename stays on one filesystem. */
    static final String TEMP_DIR = ".kepu-tmp";

    private static final byte[] MAGIC = "KEPUOBJ1".getBytes(StandardCharsets.US_ASCII);
    private static final int ETAG_BYTES = 16;
    static final int HEADER_LENGTH = MAGIC.length + ETAG_BYTES * 2 + 1;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int LOCK_STRIPES = 64;

    private static final String PROCESS_LOCK = "store.lock";

    /**
     * Stores opened on the same root in this JVM share their locks, so a second instance cannot break
     * another's compare-and-set, and only the first one clears leftover temporary files.
     */
    private static final ConcurrentHashMap<Path, OpenRoot> OPEN_ROOTS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path tempDir;
    private final ReentrantLock[] locks;
    private final SecureRandom random = new SecureRandom();

    /**
     * Opens (creating if needed) the store under {@code root} and removes temporary files left by a crash.
     * Fails if another process has the same root open.
     */
    public FileSystemObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tempDir = this.root.resolve(TEMP_DIR);
        this.locks = OPEN_ROOTS
                .computeIfAbsent(this.root, FileSystemObjectStore::open)
                .locks();
    }

    private static OpenRoot open(Path root) {
        Path tempDir = root.resolve(TEMP_DIR);
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(tempDir);
            lockChannel = FileChannel.open(
                    tempDir.resolve(PROCESS_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock processLock = lockChannel.tryLock();
            if (processLock == null) {
                throw new ObjectStoreException("object store at " + root + " is in use by another process", null);
            }
            removeLeftoverTempFiles(tempDir);
            ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
            for (int i = 0; i < LOCK_STRIPES; i++) {
                locks[i] = new ReentrantLock();
            }
            return new OpenRoot(locks, processLock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockChannel);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ObjectStoreException("cannot open object store at " + root, e);
        }
    }

    @Override
    public ObjectInfo put(String key, InputStream content, long size, String contentType) {
        Path target = pathOf(key);
        Staged staged = stage(key, content, size);
        try {
            ReentrantLock lock = lockFor(key);
            lock.lock();
            try {
                commit(key, staged, target);
            } finally {
                lock.unlock();
            }
            return staged.info(key);
        } finally {
            staged.discard();
        }
    }

    /** Stages the pieces in a temporary file of this store, renamed over the target on commit as {@link #put} does. */
    @Override
    public Writer writer(String key, String contentType) {
        Path target = pathOf(key);
        Path temp = tempDir.resolve(UUID.randomUUID() + ".tmp");
        String etag = newEtag();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writeFully(channel, ByteBuffer.wrap(header(etag)));
            return new StagedWriter(key, target, temp, etag, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            deleteQuietly(temp);
            throw new ObjectStoreException("cannot write object " + key, e);
        }
    }

    private final class StagedWriter implements Writer {
        private final String key;
        private final Path target;
        private final Path temp;
        private final String etag;
        private final FileChannel channel;
        private long size;
        private boolean done;

        StagedWriter(String key, Path target, Path temp, String etag, FileChannel channel) {
            this.key = key;
            this.target = target;
            this.temp = temp;
            this.etag = etag;
            this.channel = channel;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            requireOpen();
            try {
                writeFully(channel, ByteBuffer.wrap(bytes, offset, length));
            } catch (IOException e) {
                abort();
                throw new ObjectStoreException("cannot write object " + key, e);
            }
            size += length;
        }

        @Override
        public ObjectInfo commit() {
            requireOpen();
            try {
                channel.force(true);
                channel.close();
                Staged staged = new Staged(
                        temp, etag, size, Files.getLastModifiedTime(temp).toInstant());
                ReentrantLock lock = lockFor(key);
                lock.lock();
                try {
                    FileSystemObjectStore.this.commit(key, staged, target);
                } finally {
                    lock.unlock();
                }
                return staged.info(key);
            } catch (IOException e) {
                throw new ObjectStoreException("cannot write object " + key, e);
            } finally {
                abort();
            }
        }

        @Override
        public void abort() {
            done = true;
            closeQuietly(channel);
            deleteQuietly(temp);
        }

        private void requireOpen() {
            if (done) {
                throw new IllegalStateException("object " + key + " was already committed or aborted");
            }
        }
    }

    @Override
    public ObjectInfo putIfAbsent(String key, byte[] content, String contentType) throws PreconditionFailedException {
        return putConditionally(key, content, null);
    }

    @Override
    public ObjectInfo putIfMatch(String key, byte[] content, String contentType, String etag)
            throws PreconditionFailedException {
        if (etag == null || etag.isBlank()) {
            throw new IllegalArgumentException("etag must not be empty");
        }
        return putConditionally(key, content, ETags.normalise(etag));
    }

    /** With {@code expectedEtag} null the key must be free; otherwise it must hold that ETag. */
    private ObjectInfo putConditionally(String key, byte[] content, String expectedEtag)
            throws PreconditionFailedException {
        Path target = pathOf(key);
        Staged staged = stage(key, new ByteArrayInputStream(content), content.length);
        try {
            ReentrantLock lock = lockFor(key);
            lock.lock();
            try {
                Optional<String> current = currentEtag(key, target);
                boolean holds = expectedEtag == null
                        ? current.isEmpty()
                        : current.filter(expectedEtag::equals).isPresent();
                if (!holds) {
                    throw new PreconditionFailedException(key);
                }
                commit(key, staged, target);
            } finally {
                lock.unlock();
            }
            return staged.info(key);
        } finally {
            staged.discard();
        }
    }

    @Override
    public Optional<Blob> read(String key) {
        Path path = pathOf(key);
        if (Files.isDirectory(path)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            String etag = readHeader(key, channel);
            long size = channel.size() - HEADER_LENGTH;
            if (size > Integer.MAX_VALUE - 16) {
                throw new ObjectStoreException("object " + key + " is too large to read whole; open it instead", null);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, HEADER_LENGTH + buffer.position()) < 0) {
                    throw new EOFException("object " + key + " shrank while being read");
                }
            }
            return Optional.of(new Blob(buffer.array(), etag));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read object " + key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        Path path = pathOf(key);
        if (Files.isDirectory(path)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            readHeader(key, channel);
            channel.position(HEADER_LENGTH);
            return Optional.of(Channels.newInputStream(channel));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ObjectStoreException("cannot open object " + key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path path = pathOf(key);
        if (Files.isDirectory(path)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            String etag = readHeader(key, channel);
            Instant modified = Files.getLastModifiedTime(path).toInstant();
            return Optional.of(new ObjectInfo(key, channel.size() - HEADER_LENGTH, etag, modified));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ObjectStoreException("cannot stat object " + key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        ObjectKeys.requireValidPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(tempDir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (dir.equals(start)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String dirKey = keyOf(dir) + "/";
                    boolean mayMatch = dirKey.startsWith(prefix) || prefix.startsWith(dirKey);
                    return mayMatch ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        String key = keyOf(file);
                        if (key.startsWith(prefix)) {
                            listed(key, file, attrs).ifPresent(found::add);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // A concurrent delete may remove a file between listing its directory and visiting it.
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ObjectStoreException("cannot list objects under " + prefix, e);
        }
        found.sort((a, b) -> ObjectKeys.ORDER.compare(a.key(), b.key()));
        return found;
    }

    @Override
    public void delete(String key) {
        Path path = pathOf(key);
        ReentrantLock lock = lockFor(key);
        lock.lock();
        try {
            if (!Files.isDirectory(path)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new ObjectStoreException("cannot delete object " + key, e);
        } finally {
            lock.unlock();
        }
    }

    /** Files on local disk have no URL of their own; callers stream them through {@link #open}. */
    @Override
    public Optional<URI> presignedGet(String key, Duration ttl) {
        pathOf(key);
        return Optional.empty();
    }

    private Path pathOf(String key) {
        ObjectKeys.requireValidKey(key);
        if (key.equals(TEMP_DIR) || key.startsWith(TEMP_DIR + "/")) {
            throw new IllegalArgumentException("object key uses the reserved name " + TEMP_DIR + ": " + key);
        }
        return root.resolve(key);
    }

    private String keyOf(Path file) {
        Path relative = root.relativize(file);
        StringBuilder key = new StringBuilder();
        for (Path name : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(name);
        }
        return key.toString();
    }

    private ReentrantLock lockFor(String key) {
        return locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
    }

    /** Copies the content into a synced temporary file; on any failure the temporary file is gone. */
    private Staged stage(String key, InputStream content, long size) {
        Path temp = tempDir.resolve(UUID.randomUUID() + ".tmp");
        String etag = newEtag();
        boolean staged = false;
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(channel, ByteBuffer.wrap(header(etag)));
            long written = copy(content, size, channel);
            channel.force(true);
            Instant modified = Files.getLastModifiedTime(temp).toInstant();
            staged = true;
            return new Staged(temp, etag, written, modified);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot write object " + key, e);
        } finally {
            if (!staged) {
                deleteQuietly(temp);
            }
        }
    }

    /** Only failures of the caller's stream surface as {@link UncheckedIOException}; disk errors do not. */
    private static long copy(InputStream content, long size, FileChannel channel) throws IOException {
        byte[] bytes = new byte[BUFFER_SIZE];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long written = 0;
        while (size < 0 || written < size) {
            int wanted = size < 0 ? bytes.length : (int) Math.min(bytes.length, size - written);
            int n;
            try {
                n = content.read(bytes, 0, wanted);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (n < 0) {
                break;
            }
            buffer.clear().limit(n);
            writeFully(channel, buffer);
            written += n;
        }
        if (size >= 0 && written < size) {
            throw new UncheckedIOException(
                    new EOFException("stream ended after " + written + " of " + size + " bytes"));
        }
        return written;
    }

    private void commit(String key, Staged staged, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.move(staged.temp(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot store object " + key, e);
        }
        syncDirectory(target.getParent());
    }

    private Optional<String> currentEtag(String key, Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return Optional.of(readHeader(key, channel));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read object " + key, e);
        }
    }

    private Optional<ObjectInfo> listed(String key, Path file, BasicFileAttributes attrs) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            String etag = readHeader(key, channel);
            return Optional.of(new ObjectInfo(
                    key,
                    channel.size() - HEADER_LENGTH,
                    etag,
                    attrs.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (ObjectStoreException e) {
            log.warn("skipping {}: not an object written by this store", file);
            return Optional.empty();
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read object " + key, e);
        }
    }

    private static String readHeader(String key, FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        while (header.hasRemaining()) {
            if (channel.read(header, header.position()) < 0) {
                break;
            }
        }
        byte[] bytes = header.array();
        if (header.hasRemaining()
                || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || bytes[HEADER_LENGTH - 1] != '\n') {
            throw new ObjectStoreException("object " + key + " has no valid header", null);
        }
        return new String(bytes, MAGIC.length, ETAG_BYTES * 2, StandardCharsets.US_ASCII);
    }

    private static byte[] header(String etag) {
        byte[] header = new byte[HEADER_LENGTH];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        byte[] etagBytes = etag.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(etagBytes, 0, header, MAGIC.length, etagBytes.length);
        header[HEADER_LENGTH - 1] = '\n';
        return header;
    }

    private String newEtag() {
        byte[] id = new byte[ETAG_BYTES];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static void removeLeftoverTempFiles(Path tempDir) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tempDir)) {
            for (Path leftover : leftovers) {
                if (!leftover.getFileName().toString().equals(PROCESS_LOCK)) {
                    log.info("removing temporary file {} left by an interrupted write", leftover.getFileName());
                    Files.deleteIfExists(leftover);
                }
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Makes the rename itself durable; some platforms cannot sync a directory, and then the rename is still atomic. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory {}", dir, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot delete temporary file {}", path, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("cannot close channel", e);
            }
        }
    }

    /** The process lock is kept reachable here for as long as the JVM runs. */
    private record OpenRoot(ReentrantLock[] locks, FileLock processLock) {}

    private record Staged(Path temp, String etag, long size, Instant modified) {

        ObjectInfo info(String key) {
            return new ObjectInfo(key, size, etag, modified);
        }

        /** After a successful commit the temporary file is already gone, so this only cleans up failures. */
        void discard() {
            deleteQuietly(temp);
        }
    }
}
