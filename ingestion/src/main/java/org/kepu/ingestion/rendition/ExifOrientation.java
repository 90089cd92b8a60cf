package org.kepu.ingestion.rendition;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The EXIF orientation of a JPEG (1, upright, when there is none), read from the segments before the
 * image data: phones store photos sideways and say so only there. Reads at most a few segments and
 * never trusts an offset without a bounds check.
 */
final class ExifOrientation {

    static final int UPRIGHT = 1;

    private static final int MAX_SEGMENTS = 32;
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);

    private ExifOrientation() {}

    /** Never fails: a JPEG whose EXIF cannot be read is simply treated as upright. */
    static int of(InputStream jpeg) {
        try {
            return read(new DataInputStream(jpeg));
        } catch (IOException | RuntimeException e) {
            return UPRIGHT;
        }
    }

    private static int read(DataInputStream in) throws IOException {
        if (in.readUnsignedShort() != 0xFFD8) {
            return UPRIGHT;
        }
        for (int i = 0; i < MAX_SEGMENTS; i++) {
            int marker = in.readUnsignedByte();
            if (marker != 0xFF) {
                return UPRIGHT;
            }
            int type = in.readUnsignedByte();
            while (type == 0xFF) {
                type = in.readUnsignedByte();
            }
            if (type == 0xDA || type == 0xD9) {
                // Start of scan or end of image: EXIF, if any, came before.
                return UPRIGHT;
            }
            if (type == 0x01 || (type >= 0xD0 && type <= 0xD7)) {
                continue;
            }
            int length = in.readUnsignedShort() - 2;
            if (length < 0) {
                return UPRIGHT;
            }
            if (type == 0xE1) {
                byte[] segment = in.readNBytes(length);
                if (segment.length < length) {
                    throw new EOFException();
                }
                if (segment.length > EXIF_HEADER.length
                        && Arrays.equals(segment, 0, EXIF_HEADER.length, EXIF_HEADER, 0, EXIF_HEADER.length)) {
                    return fromTiff(ByteBuffer.wrap(segment, EXIF_HEADER.length, segment.length - EXIF_HEADER.length)
                            .slice());
                }
            } else {
                in.skipNBytes(length);
            }
        }
        return UPRIGHT;
    }

    /** Looks for the orientation tag in the first IFD of the TIFF structure inside the EXIF segment. */
    private static int fromTiff(ByteBuffer tiff) {
        if (tiff.remaining() < 8) {
            return UPRIGHT;
        }
        int order = tiff.getShort(0);
        if (order == 0x4949) {
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (order != 0x4D4D) {
            return UPRIGHT;
        }
        long ifd = Integer.toUnsignedLong(tiff.getInt(4));
        if (ifd + 2 > tiff.limit()) {
            return UPRIGHT;
        }
        int entries = Short.toUnsignedInt(tiff.getShort((int) ifd));
        for (int i = 0; i < entries; i++) {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > tiff.limit()) {
                return UPRIGHT;
            }
            int at = (int) entry;
            if (Short.toUnsignedInt(tiff.getShort(at)) == TAG_ORIENTATION
                    && Short.toUnsignedInt(tiff.getShort(at + 2)) == TYPE_SHORT) {
                int value = Short.toUnsignedInt(tiff.getShort(at + 8));
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        }
        return UPRIGHT;
    }
}
