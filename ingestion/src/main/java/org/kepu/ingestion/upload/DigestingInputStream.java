package org.kepu.ingestion.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Passes an upload through while computing its SHA-256, counting its size against the limit and keeping
 * its first bytes. Once those first bytes are known (or the stream ends sooner) they are handed to the
 * head check, which may throw to stop the upload before the rest is read.
 */
final class DigestingInputStream extends FilterInputStream {

    static final int HEAD_SIZE = 64 * 1024;

    private final MessageDigest sha256;
    private final long limit;
    private final Consumer<byte[]> headCheck;
    private final byte[] head = new byte[HEAD_SIZE];
    private long count;
    private boolean headChecked;

    DigestingInputStream(InputStream in, long limit, Consumer<byte[]> headCheck) {
        super(in);
        this.limit = limit;
        this.headCheck = headCheck;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            checkHead();
            return n;
        }
        if (count < HEAD_SIZE) {
            System.arraycopy(buffer, offset, head, (int) count, (int) Math.min(n, HEAD_SIZE - count));
        }
        count += n;
        if (count > limit) {
            throw new UploadTooLargeException(limit);
        }
        sha256.update(buffer, offset, n);
        if (count >= HEAD_SIZE) {
            checkHead();
        }
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("an upload is read whole, never skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void checkHead() {
        if (!headChecked) {
            headChecked = true;
            headCheck.accept(head());
        }
    }

    byte[] head() {
        return Arrays.copyOf(head, (int) Math.min(count, HEAD_SIZE));
    }

    long count() {
        return count;
    }

    String digest() {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
}
