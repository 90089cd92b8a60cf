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

/**
 * Checks a zip's central directory within fixed bounds before a library opens the archive. Zip readers
 * (commons-compress, and so Tika and POI) load the whole central directory into memory, one object per
 * entry: a million empty entries or entry names of 64 KiB each would cost hundreds of megabytes. This
 * reads the end record and walks the directory from where it starts, as those readers do, but stops
 * after {@link #MAX_ENTRIES} entries or {@link #MAX_DIRECTORY_BYTES} bytes, keeping nothing.
 */
public final class ZipDirectory {

    /** Far more than a document has: a DOCX or EPUB of a few hundred pages holds a few hundred parts. */
    public static final int MAX_ENTRIES = 10_000;

    public static final long MAX_DIRECTORY_BYTES = 4L << 20;

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
            in.skipNBytes(variable);
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
