package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Default {@link ClaimMatcher}: character-bigram overlap between a sentence and each known claim.
 *
 * <p>Two measures must both pass. Containment (the share of the claim's bigrams found in the sentence)
 * tolerates a long sentence that wraps the claim in a verdict; the Jaccard overlap within the stretch of
 * the sentence that matched keeps scattered common bigrams (可以, 一个) from adding up to a match.
 */
public final class BigramClaimMatcher implements ClaimMatcher {

    static final double MIN_CONTAINMENT = 0.5;
    static final double MIN_LOCAL_JACCARD = 0.3;
    private static final int MIN_SHARED = 4;

    private final KnownRumours corpus;
    private final Map<KnownRumour, Set<String>> claimBigrams = new ConcurrentHashMap<>();

    public BigramClaimMatcher(KnownRumours corpus) {
        this.corpus = corpus;
    }

    @Override
    public List<ClaimMatch> match(String sentence) {
        Bigrams.Normalised norm = Bigrams.normalise(sentence);
        List<String> grams = norm.bigrams();
        if (grams.size() < MIN_SHARED) {
            return List.of();
        }
        List<ClaimMatch> out = new ArrayList<>();
        for (KnownRumour rumour : corpus.entries()) {
            Set<String> claim = claimBigrams.computeIfAbsent(
                    rumour, r -> Bigrams.normalise(r.claim()).bigramSet());
            int first = -1;
            int last = -1;
            Set<String> shared = new HashSet<>();
            for (int i = 0; i < grams.size(); i++) {
                // Only the first occurrence of a shared bigram extends the span: a word repeated later
                // (…赛砒霜，晚饭最好别吃姜) adds no evidence and would drag the writer's advice into the claim.
                if (claim.contains(grams.get(i)) && shared.add(grams.get(i))) {
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                }
            }
            if (shared.size() < MIN_SHARED) {
                continue;
            }
            double containment = (double) shared.size() / claim.size();
            Set<String> region = new HashSet<>(grams.subList(first, last + 1));
            double jaccard = (double) shared.size() / (claim.size() + region.size() - shared.size());
            if (containment >= MIN_CONTAINMENT && jaccard >= MIN_LOCAL_JACCARD) {
                int start = norm.offsets()[first];
                int end = norm.offsets()[last + 1] + 1;
                out.add(new ClaimMatch(rumour, start, end, Math.min(containment, 1.0)));
            }
        }
        out.sort(Comparator.comparingDouble(ClaimMatch::score).reversed());
        return out;
    }
}
