package org.kepu.ingestion.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the local file headers that fit in the head of a zip file, without inflating anything. */
final class ZipHead {

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL = 0x06054b50;

    /** Entry names seen, the stored "mimetype" entry if any, and whether the listing is complete. */
    record Listing(List<String> names, Optional<String> mimetype, boolean complete) {}

    private ZipHead() {}

    static boolean isZip(byte[] head) {
        return head.length >= 4 && readInt(head, 0) == LOCAL_HEADER;
    }

    static Listing read(byte[] head) {
        List<String> names = new ArrayList<>();
        Optional<String> mimetype = Optional.empty();
        int pos = 0;
        while (pos + 30 <= head.length) {
            int signature = readInt(head, pos);
            if (signature == CENTRAL_HEADER || signature == END_OF_CENTRAL) {
                return new Listing(names, mimetype, true);
            }
            if (signature != LOCAL_HEADER) {
                break;
            }
            int flags = readShort(head, pos + 6);
            int method = readShort(head, pos + 8);
            long compressedSize = readInt(head, pos + 18) & 0xFFFFFFFFL;
            int nameLength = readShort(head, pos + 26);
            int extraLength = readShort(head, pos + 28);
            int dataStart = pos + 30 + nameLength + extraLength;
            if (pos + 30 + nameLength > head.length) {
                break;
            }
            String name = new String(head, pos + 30, nameLength, StandardCharsets.UTF_8);
            names.add(name);
            boolean sizesKnown = (flags & 0x08) == 0 && compressedSize != 0xFFFFFFFFL;
            if (name.equals("mimetype") && method == 0 && sizesKnown && dataStart + compressedSize <= head.length) {
                mimetype = Optional.of(
                        new String(head, dataStart, (int) compressedSize, StandardCharsets.US_ASCII).trim());
            }
            // Streamed zips put the sizes after the data: look for the next header's signature instead.
            pos = sizesKnown
                    ? (int) Math.min(Integer.MAX_VALUE, dataStart + compressedSize)
                    : nextHeader(head, dataStart);
        }
        return new Listing(names, mimetype, false);
    }

    private static int nextHeader(byte[] head, int from) {
        for (int i = from; i + 4 <= head.length; i++) {
            int signature = readInt(head, i);
            if (signature == LOCAL_HEADER || signature == CENTRAL_HEADER) {
                return i;
            }
        }
        return head.length;
    }

    private static int readShort(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int readInt(byte[] b, int i) {
        return readShort(b, i) | readShort(b, i + 2) << 16;
    }
}
