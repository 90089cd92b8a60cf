package org.kepu.api.process;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * An MP4-looking stream of any length, generated on the fly so that a gigabyte never exists in memory or
 * on disk on the client side; it hashes what it hands out so the test knows the digest kepu must report.
 */
final class GeneratedVideo extends InputStream {

    private static final byte[] FTYP = {
        0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'
    };

    private final long length;
    private final SplittableRandom random;
    private final MessageDigest sha256;
    private long position;

    GeneratedVideo(long length, long seed) {
        this.length = length;
        this.random = new SplittableRandom(seed);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(count, length - position);
        for (int i = 0; i < n; i++) {
            long at = position + i;
            buffer[offset + i] = at < FTYP.length ? FTYP[(int) at] : (byte) random.nextInt(256);
        }
        sha256.update(buffer, offset, n);
        position += n;
        return n;
    }

    String digest() {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
}
