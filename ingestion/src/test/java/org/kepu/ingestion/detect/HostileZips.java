package org.kepu.ingestion.detect;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * Zips of empty stored entries, written straight to disk with their headers built by hand: a million
 * entries take about 85 MB of disk and no memory, and the end record can be made to lie.
 */
public final class HostileZips {

    /** The first entry, so that the head of the zip looks like an Office document's. */
    public static final String FIRST = "[Content_Types].xml";

    private HostileZips() {}

    /** {@code entries} empty entries with short distinct names, the first one {@link #FIRST}. */
    public static Path manyEntries(Path file, int entries) throws IOException {
        return write(file, entries, i -> i == 0 ? FIRST : Integer.toString(i, 36), entries);
    }

    /** {@code entries} entries whose names are {@code nameLength} bytes long. */
    public static Path longNames(Path file, int entries, int nameLength) throws IOException {
        return write(
                file,
                entries,
                i -> i == 0 ? FIRST : (i + "/").repeat(nameLength).substring(0, nameLength),
                entries);
    }

    /** Like {@link #manyEntries}, but the end record claims only {@code claimed} entries. */
    public static Path understated(Path file, int entries, int claimed) throws IOException {
        return write(file, entries, i -> i == 0 ? FIRST : Integer.toString(i, 36), claimed);
    }

    private static Path write(Path file, int entries, IntFunction<String> name, long claimed) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(1 << 17).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long offset = 0;
            for (int i = 0; i < entries; i++) {
                byte[] n = name.apply(i).getBytes(StandardCharsets.UTF_8);
                header.clear();
                header.putInt(0x04034b50)
                        .putShort((short) 20)
                        .putShort((short) 0)
                        .putShort((short) 0);
                header.putInt(0).putInt(0).putInt(0).putInt(0); // time and date, crc, sizes
                header.putShort((short) n.length).putShort((short) 0).put(n);
                offset += flush(header, out);
            }
            long directoryStart = offset;
            long local = 0;
            for (int i = 0; i < entries; i++) {
                byte[] n = name.apply(i).getBytes(StandardCharsets.UTF_8);
                header.clear();
                header.putInt(0x02014b50).putShort((short) 20).putShort((short) 20);
                header.putShort((short) 0)
                        .putShort((short) 0)
                        .putInt(0)
                        .putInt(0)
                        .putInt(0)
                        .putInt(0);
                header.putShort((short) n.length).putShort((short) 0).putShort((short) 0);
                header.putShort((short) 0).putShort((short) 0).putInt(0);
                header.putInt((int) local).put(n);
                offset += flush(header, out);
                local += 30 + n.length;
            }
            long directorySize = offset - directoryStart;
            header.clear();
            boolean zip64 = claimed > 0xFFFF;
            if (zip64) {
                header.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45);
                header.putInt(0).putInt(0).putLong(claimed).putLong(claimed);
                header.putLong(directorySize).putLong(directoryStart);
                header.putInt(0x07064b50).putInt(0).putLong(offset).putInt(1);
            }
            short count = (short) (zip64 ? 0xFFFF : claimed);
            header.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
            header.putShort(count).putShort(count);
            header.putInt((int) directorySize).putInt((int) directoryStart).putShort((short) 0);
            flush(header, out);
        }
        return file;
    }

    private static int flush(ByteBuffer header, OutputStream out) throws IOException {
        out.write(header.array(), 0, header.position());
        return header.position();
    }
}
