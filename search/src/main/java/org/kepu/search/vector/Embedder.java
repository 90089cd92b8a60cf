package org.kepu.search.vector;

/**
 * A sentence-embedding model: text in, a vector of unit length out, so that a dot product is the cosine.
 * {@link #model()} names the model and version; stored vectors carry it, so that a new model never
 * mixes its vectors with an old one's.
 */
public interface Embedder {

    String model();

    int dimension();

    /** Whether {@link #embed} answers without first loading the model. */
    boolean ready();

    /** The vector of {@code text}; loads the model first if needed. Throws if the model cannot run. */
    float[] embed(String text);
}
