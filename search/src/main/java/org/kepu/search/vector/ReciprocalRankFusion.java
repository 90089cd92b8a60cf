package org.kepu.search.vector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion of the word ranking and the vector ranking: a work scores
 * {@code 1 / (K + word rank) + weight / (K + vector rank)} over the lists it is in (ranks from 1). Ranks,
 * not scores, are fused, because BM25 and cosine live on unrelated scales. The vector weight is at most
 * 1 and ties go to the work its words found, so a work found only by its vector never ranks above a
 * literal match of the same rank.
 */
public final class ReciprocalRankFusion {

    /** The constant of the original paper (Cormack, Clarke and Büttcher, 2009). */
    public static final int K = 60;

    private final double weight;

    public ReciprocalRankFusion(double vectorWeight) {
        if (!(vectorWeight >= 0 && vectorWeight <= 1)) {
            throw new IllegalArgumentException("the vector weight must be between 0 and 1");
        }
        this.weight = vectorWeight;
    }

    /** A fused work: its score, and its rank among the word hits (0 when its words did not match). */
    public record Fused(String id, double score, int wordRank) {
        public boolean literal() {
            return wordRank > 0;
        }
    }

    /** The fused ranking of two ranked lists of work ids, best first. */
    public List<Fused> fuse(List<String> words, List<String> neighbours) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            double[] entry = scores.computeIfAbsent(words.get(i), id -> new double[2]);
            entry[0] += 1.0 / (K + i + 1);
            entry[1] = i + 1;
        }
        for (int i = 0; i < neighbours.size(); i++) {
            scores.computeIfAbsent(neighbours.get(i), id -> new double[2])[0] += weight / (K + i + 1);
        }
        List<Fused> fused = new ArrayList<>(scores.size());
        scores.forEach((id, entry) -> fused.add(new Fused(id, entry[0], (int) entry[1])));
        fused.sort(Comparator.comparingDouble(Fused::score)
                .reversed()
                .thenComparing(f -> !f.literal())
                .thenComparingInt(f -> f.literal() ? f.wordRank() : Integer.MAX_VALUE)
                .thenComparing(Fused::id));
        return fused;
    }
}
