package org.kepu.review.checks;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.kepu.ingestion.store.ObjectStore;

/**
 * The sentence vectors of works' screened texts, kept in the object store under the SHA-256 of the text,
 * so that screening the same text again (a version re-screened after the knowledge changed) embeds
 * nothing. Keyed by text rather than by work version because a check sees only the text; identical
 * versions share one object. Text sent to the check route is read from here but never written.
 *
 * <p>Each component is stored as a signed byte scaled by the vector's largest component: 512 bytes and a
 * float per sentence, a quarter of float32, and cosines within about 0.01 of the exact ones, far below
 * the gap between a paraphrase and an unrelated sentence.
 */
public final class SentenceVectorStore {

    /** Under this prefix, then the model name, then the text's digest. */
    public static final String PREFIX = "screening/sentence-vectors/";

    private static final int MAGIC = 0x4b535631; // "KSV1"

    private final ObjectStore store;

    public SentenceVectorStore(ObjectStore store) {
        this.store = store;
    }

    /** The key of a text's vectors for a model; {@code selection} names how the sentences were chosen. */
    static String key(String model, String selection, String text) {
        return PREFIX + model + "/" + sha256(selection + "\n" + text) + ".i8";
    }

    /** The stored vectors, or empty when none are stored or they do not hold {@code count} vectors. */
    Optional<List<float[]>> find(String key, int count) {
        return store.read(key).flatMap(blob -> decode(blob.content())).filter(v -> v.size() == count);
    }

    void save(String key, List<float[]> vectors) {
        byte[] bytes = encode(vectors);
        store.put(key, new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
    }

    static byte[] encode(List<float[]> vectors) {
        int dimension = vectors.isEmpty() ? 0 : vectors.get(0).length;
        ByteBuffer out = ByteBuffer.allocate(12 + vectors.size() * (4 + dimension));
        out.putInt(MAGIC).putInt(dimension).putInt(vectors.size());
        for (float[] v : vectors) {
            if (v.length != dimension) {
                throw new IllegalArgumentException("vectors of different dimensions");
            }
            float max = 0f;
            for (float x : v) {
                max = Math.max(max, Math.abs(x));
            }
            out.putFloat(max);
            for (float x : v) {
                out.put(max == 0f ? 0 : (byte) Math.round(x / max * 127f));
            }
        }
        return out.array();
    }

    /** Empty for anything that is not a whole vector file: it is then computed and written again. */
    static Optional<List<float[]>> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 12 || in.getInt() != MAGIC) {
            return Optional.empty();
        }
        int dimension = in.getInt();
        int count = in.getInt();
        if (dimension < 0 || count < 0 || (long) count * (4 + dimension) != bytes.length - 12L) {
            return Optional.empty();
        }
        List<float[]> vectors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float scale = in.getFloat() / 127f;
            float[] v = new float[dimension];
            for (int j = 0; j < dimension; j++) {
                v[j] = in.get() * scale;
            }
            vectors.add(v);
        }
        return Optional.of(vectors);
    }

    private static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
