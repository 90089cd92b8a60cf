package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;

/**
 * Default {@link ClaimMatcher}: bigram similarity, plus the rumour's subject and effect word classes for
 * paraphrases that share few characters with the usual wording.
 *
 * <p>Rumours travel reworded (小龙虾是专门吃死尸的 for 小龙虾是用来处理尸体的), so a sentence also matches
 * when it names a subject term and a claimed-effect term of the rumour close together. The word classes
 * come from {@code rumour-concepts.json} for the starter corpus; rumours an admin adds later are matched
 * by bigrams alone until someone writes their word classes.
 */
public final class ParaphraseClaimMatcher implements ClaimMatcher {

    /** Subject and effect further apart than this are unlikely to form one claim. */
    private static final int MAX_PAIR_DISTANCE = 30;

    /** Below a clear bigram match, so a bigram match keeps its tighter span when both find the rumour. */
    private static final double CONCEPT_SCORE = 0.5;

    record Concept(String id, List<String> subjects, List<String> effects, List<String> excludes) {}

    record File(String version, Map<String, List<String>> termSets, List<Concept> concepts) {}

    private record Compiled(Pattern subjects, Pattern effects, Pattern excludes) {}

    private final KnownRumours corpus;
    private final BigramClaimMatcher bigrams;

    public ParaphraseClaimMatcher(KnownRumours corpus) {
        this.corpus = corpus;
        this.bigrams = new BigramClaimMatcher(corpus);
    }

    private static final class Holder {
        static final Map<String, Compiled> CONCEPTS = load();

        private static Map<String, Compiled> load() {
            File file = Resources.json("rumour-concepts.json", new TypeReference<File>() {});
            Map<String, List<String>> sets = file.termSets() == null ? Map.of() : file.termSets();
            Map<String, Compiled> out = new HashMap<>();
            for (Concept c : file.concepts()) {
                if (c.subjects() == null
                        || c.subjects().isEmpty()
                        || c.effects() == null
                        || c.effects().isEmpty()) {
                    throw new IllegalStateException("rumour concept " + c.id() + " needs subjects and effects");
                }
                if (out.put(
                                c.id(),
                                new Compiled(
                                        Terms.compile(MythRulePack.expand(c.subjects(), sets, c.id())),
                                        Terms.compile(MythRulePack.expand(c.effects(), sets, c.id())),
                                        c.excludes() == null ? null : Terms.compile(c.excludes())))
                        != null) {
                    throw new IllegalStateException("duplicate rumour concept " + c.id());
                }
            }
            return Map.copyOf(out);
        }
    }

    @Override
    public List<ClaimMatch> match(String sentence) {
        Map<String, ClaimMatch> byId = new LinkedHashMap<>();
        for (ClaimMatch m : bigrams.match(sentence)) {
            byId.put(m.rumour().id(), m);
        }
        for (KnownRumour rumour : corpus.entries()) {
            if (byId.containsKey(rumour.id())) {
                continue;
            }
            Compiled c = Holder.CONCEPTS.get(rumour.id());
            if (c == null
                    || (c.excludes() != null && c.excludes().matcher(sentence).find())) {
                continue;
            }
            int[] span = pair(c, sentence);
            if (span != null) {
                byId.put(rumour.id(), new ClaimMatch(rumour, span[0], span[1], CONCEPT_SCORE));
            }
        }
        List<ClaimMatch> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingDouble(ClaimMatch::score).reversed());
        return out;
    }

    /** The closest subject-effect pair that do not overlap, as {start, end}, or null. */
    private static int[] pair(Compiled c, String sentence) {
        List<int[]> subs = all(c.subjects(), sentence);
        if (subs.isEmpty()) {
            return null;
        }
        List<int[]> effs = all(c.effects(), sentence);
        int[] best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int[] s : subs) {
            for (int[] e : effs) {
                if (s[0] < e[1] && e[0] < s[1]) {
                    continue;
                }
                int distance = e[0] >= s[1] ? e[0] - s[1] : s[0] - e[1];
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = new int[] {Math.min(s[0], e[0]), Math.max(s[1], e[1])};
                }
            }
        }
        return bestDistance <= MAX_PAIR_DISTANCE ? best : null;
    }

    private static List<int[]> all(Pattern p, String text) {
        List<int[]> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            if (m.end() > m.start()) {
                found.add(new int[] {m.start(), m.end()});
            }
            from = m.start() + 1;
        }
        return found;
    }
}
