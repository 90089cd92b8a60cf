package org.kepu.search.vector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small vector arithmetic and the stored form of a vector (little-endian float32, nothing else). */
public final class Vectors {

    private Vectors() {}

    /** {@code vector} scaled to unit length; a zero vector stays zero. */
    public static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = norm == 0 ? 0f : (float) (vector[i] / norm);
        }
        return out;
    }

    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    public static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    /** The vector stored in {@code bytes}; throws unless they hold exactly {@code dimension} floats. */
    public static float[] fromBytes(byte[] bytes, int dimension) {
        if (bytes.length != dimension * Float.BYTES) {
            throw new IllegalArgumentException(
                    "a stored vector of " + bytes.length + " bytes, expected " + dimension * Float.BYTES);
        }
        float[] vector = new float[dimension];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
