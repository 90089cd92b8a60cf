package org.kepu.ingestion.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streams for store tests that never hold their content in memory. */
final class TestStreams {

    private TestStreams() {}

    /** Reproducible pseudo-random bytes: the same size and seed always give the same content. */
    static InputStream pseudoRandom(long size, long seed) {
        return new InputStream() {
            private long remaining = size;
            private long state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;

            @Override
            public int read() {
                if (remaining <= 0) {
                    return -1;
                }
                remaining--;
                return (int) (next() & 0xff);
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (remaining <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, remaining);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) next();
                }
                remaining -= n;
                return n;
            }

            private long next() {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                return state;
            }
        };
    }

    /** Gives {@code goodBytes} bytes, then throws {@code failure} (an IOException or unchecked exception). */
    static InputStream failingAfter(long goodBytes, Exception failure) {
        InputStream good = pseudoRandom(goodBytes, 7);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = good.read();
                if (b < 0) {
                    throw fail();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = good.read(buffer, offset, length);
                if (n < 0) {
                    throw fail();
                }
                return n;
            }

            private IOException fail() {
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                return (IOException) failure;
            }
        };
    }

    static String sha256(InputStream in) {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
