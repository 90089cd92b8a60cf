package org.kepu.ingestion.detect;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Zips built to hurt a reader: empty stored entries written straight to disk with their headers built
 * by hand (a million entries take about 85 MB of disk and no memory, and the end record can be made to
 * lie), and a document with a part that inflates a thousandfold.
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

    /**
     * A real DOCX whose {@code [Content_Types].xml} carries {@code blanks} bytes of spaces, which deflate
     * about a thousand to one: a small upload whose detection would parse hundreds of megabytes.
     */
    public static Path inflatingContentTypes(Path file, int blanks) throws IOException {
        byte[] docx = Corpus.docx(Corpus.VACCINES);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(docx));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(FIRST)) {
                    String xml = new String(data, StandardCharsets.UTF_8);
                    int afterRoot = xml.indexOf('>', xml.indexOf("<Types")) + 1;
                    out.write(xml.substring(0, afterRoot).getBytes(StandardCharsets.UTF_8));
                    byte[] chunk = new byte[1 << 16];
                    Arrays.fill(chunk, (byte) ' ');
                    for (int written = 0; written < blanks; written += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, blanks - written));
                    }
                    out.write(xml.substring(afterRoot).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(data);
                }
                out.closeEntry();
            }
        }
        return file;
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
