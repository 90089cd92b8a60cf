package org.kepu.ingestion.detect;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks a zip's central directory within fixed bounds before a library opens the archive. Zip readers
 * (commons-compress, and so Tika and POI) load the whole central directory into memory, one object per
 * entry: a million empty entries or entry names of 64 KiB each would cost hundreds of megabytes. This
 * reads the end record and walks the directory from where it starts, as those readers do, but stops
 * after {@link #MAX_ENTRIES} entries or {@link #MAX_DIRECTORY_BYTES} bytes, keeping nothing.
 *
 * <p>Each entry is also inflated into nothing, stopping as soon as it grows more than a hundred times
 * its compressed size (POI's own zip-bomb rule): container detection parses parts such as
 * {@code [Content_Types].xml} into DOM trees, and a 400 KB upload whose part inflated to 400 MB took
 * 6 s and 423 MB of allocations to sniff. Documents use only stored and deflated entries.
 */
public final class ZipDirectory {

    /** Far more than a document has: a DOCX or EPUB of a few hundred pages holds a few hundred parts. */
    public static final int MAX_ENTRIES = 10_000;

    public static final long MAX_DIRECTORY_BYTES = 4L << 20;

    /** An entry may inflate to this much, plus {@link #MAX_RATIO} times its compressed size. */
    static final long GRACE_BYTES = 1L << 20;

    static final int MAX_RATIO = 100;

    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int LOCAL_HEADER_SIZE = 30;
    private static final long ZIP64_MARK = 0xFFFFFFFFL;

    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL = 0x06054b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int END_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int LOCATOR_SIZE = 20;
    private static final int ZIP64_END_SIZE = 56;
    private static final int CENTRAL_HEADER_SIZE = 46;

    /** Why an archive is not read further. */
    public enum Problem {
        /** More entries or a larger directory than any document has. */
        TOO_LARGE,
        /** No readable end record, or a directory that is not where the end record says. */
        DAMAGED
    }

    private ZipDirectory() {}

    /** Empty when the archive's central directory is within bounds and where its end record puts it. */
    public static Optional<Problem> check(Path zip) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            return check(channel);
        } catch (EOFException e) {
            return Optional.of(Problem.DAMAGED);
        }
    }

    private static Optional<Problem> check(FileChannel channel) throws IOException {
        long size = channel.size();
        int tailLength = (int) Math.min(size, END_SIZE + MAX_COMMENT + LOCATOR_SIZE);
        ByteBuffer tail = read(channel, size - tailLength, tailLength);
        int end = lastEndRecord(tail);
        if (end < 0) {
            return Optional.of(Problem.DAMAGED);
        }
        long entries = tail.getShort(end + 10) & 0xFFFFL;
        long directorySize = tail.getInt(end + 12) & 0xFFFFFFFFL;
        long directoryStart = tail.getInt(end + 16) & 0xFFFFFFFFL;
        long directoryEnd = size - tailLength + end;
        if (end >= LOCATOR_SIZE && tail.getInt(end - LOCATOR_SIZE) == ZIP64_LOCATOR) {
            // More than 65,535 entries or 4 GiB: the real figures are in the zip64 end record.
            long zip64End = tail.getLong(end - LOCATOR_SIZE + 8);
            if (zip64End < 0 || zip64End > size - ZIP64_END_SIZE) {
                return Optional.of(Problem.DAMAGED);
            }
            ByteBuffer record = read(channel, zip64End, ZIP64_END_SIZE);
            if (record.getInt(0) != ZIP64_END) {
                return Optional.of(Problem.DAMAGED);
            }
            entries = record.getLong(32);
            directorySize = record.getLong(40);
            directoryStart = record.getLong(48);
            directoryEnd = zip64End;
        }
        if (entries < 0 || entries > MAX_ENTRIES || directorySize < 0 || directorySize > MAX_DIRECTORY_BYTES) {
            return Optional.of(Problem.TOO_LARGE);
        }
        if (directoryStart < 0 || directoryStart + directorySize != directoryEnd) {
            return Optional.of(Problem.DAMAGED);
        }
        return walk(channel, directoryStart);
    }

    /**
     * Counts the central headers that follow each other from {@code start}: readers take every one of
     * them, whatever the end record claims, so the count and their size are what must be bounded.
     */
    private static Optional<Problem> walk(FileChannel channel, long start) throws IOException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(start)), 64 * 1024);
        ByteBuffer header = ByteBuffer.allocate(CENTRAL_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long entries = 0;
        long bytes = 0;
        while (true) {
            int n = in.readNBytes(header.array(), 0, CENTRAL_HEADER_SIZE);
            if (n < 4 || header.getInt(0) != CENTRAL_HEADER) {
                return Optional.empty();
            }
            if (n < CENTRAL_HEADER_SIZE) {
                return Optional.of(Problem.DAMAGED);
            }
            int variable =
                    (header.getShort(28) & 0xFFFF) + (header.getShort(30) & 0xFFFF) + (header.getShort(32) & 0xFFFF);
            entries++;
            bytes += CENTRAL_HEADER_SIZE + variable;
            if (entries > MAX_ENTRIES || bytes > MAX_DIRECTORY_BYTES) {
                return Optional.of(Problem.TOO_LARGE);
            }
            // Readers refuse encrypted entries rather than inflate them, so there is nothing to measure.
            boolean encrypted = (header.getShort(8) & 1) != 0;
            Optional<Problem> entry = encrypted
                    ? Optional.empty()
                    : inflate(
                            channel,
                            header.getShort(10) & 0xFFFF,
                            header.getInt(20) & 0xFFFFFFFFL,
                            header.getInt(42) & 0xFFFFFFFFL);
            if (entry.isPresent()) {
                return entry;
            }
            in.skipNBytes(variable);
        }
    }

    /** Inflates one entry into nothing, within {@link #MAX_RATIO} times its compressed size. */
    private static Optional<Problem> inflate(FileChannel channel, int method, long compressed, long offset)
            throws IOException {
        if (compressed == ZIP64_MARK || offset == ZIP64_MARK) {
            // A part of 4 GiB, or one beyond 4 GiB into the file, is no document's.
            return Optional.of(Problem.TOO_LARGE);
        }
        if (method == STORED) {
            return Optional.empty();
        }
        if (method != DEFLATED) {
            return Optional.of(Problem.DAMAGED);
        }
        ByteBuffer local = read(channel, offset, LOCAL_HEADER_SIZE);
        if (local.getInt(0) != LOCAL_HEADER) {
            return Optional.of(Problem.DAMAGED);
        }
        long position = offset + LOCAL_HEADER_SIZE + (local.getShort(26) & 0xFFFF) + (local.getShort(28) & 0xFFFF);
        long remaining = compressed;
        long limit = GRACE_BYTES + MAX_RATIO * compressed;
        long inflated = 0;
        boolean padded = false;
        // Positional reads: the directory walk owns the channel's position.
        ByteBuffer input = ByteBuffer.allocate(8192);
        byte[] sink = new byte[8192];
        Inflater inflater = new Inflater(true);
        try {
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (remaining == 0) {
                        if (padded) {
                            return Optional.of(Problem.DAMAGED);
                        }
                        // Raw inflation may ask for one byte past the data, as java.util.zip gives it.
                        inflater.setInput(new byte[1]);
                        padded = true;
                    } else {
                        input.clear().limit((int) Math.min(input.capacity(), remaining));
                        int n = channel.read(input, position);
                        if (n <= 0) {
                            return Optional.of(Problem.DAMAGED);
                        }
                        position += n;
                        remaining -= n;
                        inflater.setInput(input.array(), 0, n);
                    }
                }
                inflated += inflater.inflate(sink);
                if (inflated > limit) {
                    return Optional.of(Problem.TOO_LARGE);
                }
                if (inflater.needsDictionary()) {
                    return Optional.of(Problem.DAMAGED);
                }
            }
            return Optional.empty();
        } catch (DataFormatException e) {
            return Optional.of(Problem.DAMAGED);
        } finally {
            inflater.end();
        }
    }

    /** The position in {@code tail} of the end record nearest the end of the file, or -1. */
    private static int lastEndRecord(ByteBuffer tail) {
        for (int i = tail.limit() - END_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == END_OF_CENTRAL) {
                return i;
            }
        }
        return -1;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("zip shorter than its records say");
            }
        }
        return buffer;
    }
}
