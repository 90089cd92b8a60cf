package org.kepu.search.vector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fusion of the word ranking and the vector ranking by score: a work scores
 * {@code BM25 / best BM25 of the query + weight × (cosine − floor)} (each part only where the work is in
 * that ranking, the cosine part only above the floor). BM25 has no scale of its own, so it is taken
 * relative to the query's best match; the cosine has one. Unlike fusing ranks, a clear lead of the words
 * stays a lead, and meaning decides between word hits of similar strength, which is where it helps.
 *
 * <p>The weight is refused when {@code weight × (1 − floor)} reaches 1: below that, no neighbour found
 * only by its meaning can ever rank above the query's best literal match. Ties go to the literal match.
 */
public final class ScoreFusion {

    private final double weight;
    private final double floor;

    public ScoreFusion(double weight, double floor) {
        if (!(floor >= 0 && floor < 1)) {
            throw new IllegalArgumentException("the cosine floor must be at least 0 and below 1");
        }
        if (!(weight >= 0 && weight * (1 - floor) < 1)) {
            throw new IllegalArgumentException(
                    "the vector weight must be at least 0 and below 1 / (1 - floor), " + 1 / (1 - floor));
        }
        this.weight = weight;
        this.floor = floor;
    }

    /** A fused work: its score, and its rank among the word hits (0 when its words did not match). */
    public record Fused(String id, double score, int wordRank) {
        public boolean literal() {
            return wordRank > 0;
        }
    }

    /** The fused ranking of the word hits and the neighbours (each best first, with its score), best first. */
    public List<Fused> fuse(List<VectorSearch.Ranked> words, List<VectorSearch.Ranked> neighbours) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        double best = words.isEmpty() ? 0 : words.get(0).score();
        for (int i = 0; i < words.size(); i++) {
            VectorSearch.Ranked hit = words.get(i);
            double[] entry = scores.computeIfAbsent(hit.id(), id -> new double[2]);
            entry[0] += best > 0 ? hit.score() / best : 0;
            entry[1] = i + 1;
        }
        for (VectorSearch.Ranked neighbour : neighbours) {
            if (neighbour.score() > floor) {
                scores.computeIfAbsent(neighbour.id(), id -> new double[2])[0] +=
                        weight * Math.min(1, neighbour.score() - floor);
            }
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
