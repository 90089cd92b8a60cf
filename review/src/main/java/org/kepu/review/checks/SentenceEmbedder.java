package org.kepu.review.checks;

import java.util.List;

/**
 * Port: a sentence-embedding model. Vectors are of unit length, so a dot product is the cosine. The
 * search module's model is wired in by the application; the review module only needs this much of it.
 */
public interface SentenceEmbedder {

    /** Names the model and its version; stored vectors carry it, so that two models' vectors never mix. */
    String model();

    /** One unit-length vector per sentence, in order. Throws if the model cannot run. */
    List<float[]> embed(List<String> sentences);
}
