package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;

/** The versioned myth rule pack ({@code myths.json}), compiled once on first use. */
public final class MythRulePack {

    /** Subject and effect further apart than this are unlikely to form one claim. */
    private static final int MAX_PAIR_DISTANCE = 40;

    private static final int NEGATION_LOOKBACK = 8;

    /** Subject and effect at most this far apart read as one phrase (吃猪蹄补胶原, 5G基站致癌). */
    private static final int TIGHT_PAIR = 12;

    /**
     * @param termSets shared word classes (cancer, infertility, cure …) that rules name as {@code @set}, so
     *     a family is its subject terms plus the effect classes it claims rather than a list of sentences
     */
    record File(
            String version,
            Map<String, List<String>> termSets,
            List<MythRule> rules,
            Map<String, List<String>> directions) {}

    /**
     * Effect classes that promise a benefit or warn of a harm; a family claiming one of them points that
     * way. Families whose effects are their own words (喝醋软化血管) are given a direction in the pack.
     */
    private static final Set<String> BENEFIT_SETS = Set.of("cure", "immunity", "youth", "beauty", "smart");

    private static final Set<String> HARM_SETS = Set.of("cancer", "infertility", "harm", "deform", "onset", "feminise");

    /** How far after the subject a result clause may start and still be about it (吃了…，…肝受不了). */
    private static final int RESULT_WINDOW = 30;

    /** Clause breaks a result may lie beyond its subject: 凉皮…第二天再吃，里面…，吃了肝受不了. */
    private static final int MAX_RESULT_CLAUSES = 2;

    private static final Pattern CLAUSE_BREAK = Pattern.compile("[，,；;：:]");

    /** A result introduced as the opposite of what was hoped is the writer's warning, not the claim. */
    private static final Pattern HEDGE = Pattern.compile("如果|要是|假如|万一|一旦|否则|可能|也许|或许|甚至|差点|险些|有时|偶尔|少数|个别|严重(的|时|者|了)");

    private static final Pattern COUNTER_RESULT = Pattern.compile("反而|反倒|适得其反|结果反");

    private final String version;
    private final List<Compiled> rules;

    private MythRulePack(
            String version,
            Map<String, List<String>> termSets,
            List<MythRule> rules,
            Map<String, List<String>> directions) {
        this.version = version;
        Map<String, List<String>> sets = termSets == null ? Map.of() : termSets;
        Map<String, List<String>> given = directions == null ? Map.of() : directions;
        Set<String> ids = new HashSet<>();
        List<Compiled> compiled = new ArrayList<>();
        for (MythRule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalStateException("duplicate myth rule id " + rule.id());
            }
            compiled.add(new Compiled(
                    rule,
                    Terms.compile(expand(rule.subjects(), sets, rule.id())),
                    Terms.compile(expand(rule.effects(), sets, rule.id())),
                    Terms.compile(expand(rule.phrasings(), sets, rule.id())),
                    Terms.compile(expand(rule.names(), sets, rule.id())),
                    Terms.compile(expand(rule.excludes(), sets, rule.id())),
                    directions(rule, given)));
        }
        this.rules = List.copyOf(compiled);
    }

    /** The directions a family claims: from its effect classes, and from the pack's explicit list. */
    private static Set<Polarity.Direction> directions(MythRule rule, Map<String, List<String>> given) {
        Set<Polarity.Direction> out = java.util.EnumSet.noneOf(Polarity.Direction.class);
        for (String e : rule.effects()) {
            if (e.startsWith("@") && BENEFIT_SETS.contains(e.substring(1))) {
                out.add(Polarity.Direction.BENEFIT);
            } else if (e.startsWith("@") && HARM_SETS.contains(e.substring(1))) {
                out.add(Polarity.Direction.HARM);
            }
        }
        if (given.getOrDefault("benefit", List.of()).contains(rule.id())) {
            out.add(Polarity.Direction.BENEFIT);
        }
        if (given.getOrDefault("harm", List.of()).contains(rule.id())) {
            out.add(Polarity.Direction.HARM);
        }
        return Set.copyOf(out);
    }

    /** Replaces each {@code @set} term with the terms of that shared set. */
    static List<String> expand(List<String> terms, Map<String, List<String>> sets, String id) {
        List<String> out = new ArrayList<>();
        for (String term : terms) {
            if (term.startsWith("@")) {
                List<String> set = sets.get(term.substring(1));
                if (set == null) {
                    throw new IllegalStateException(id + " refers to unknown term set " + term);
                }
                out.addAll(set);
            } else {
                out.add(term);
            }
        }
        return out;
    }

    private static final class Holder {
        static final MythRulePack BUILT_IN = load("myths.json");
    }

    private static final class ShippedTermSets {
        static final Map<String, List<String>> SETS = termSets();

        private static Map<String, List<String>> termSets() {
            Map<String, List<String>> sets =
                    Resources.json("myths.json", new TypeReference<File>() {}).termSets();
            return sets == null ? Map.of() : Map.copyOf(sets);
        }
    }

    /**
     * A pack of the given families with the shipped term sets ({@code @cancer} …): how families kept in
     * the knowledge base, which reviewers change at run time, are put in force.
     *
     * @param directions {@code benefit} and {@code harm} with the ids of families claiming that direction
     *     beyond what their effect classes say
     * @throws IllegalStateException for duplicate ids or an unknown term set
     * @throws IllegalArgumentException for a term that is no valid pattern
     */
    public static MythRulePack of(String version, List<MythRule> rules, Map<String, List<String>> directions) {
        return new MythRulePack(version, ShippedTermSets.SETS, rules, directions);
    }

    /** The pack shipped with kepu. */
    public static MythRulePack builtIn() {
        return Holder.BUILT_IN;
    }

    static MythRulePack load(String resource) {
        File file = Resources.json(resource, new TypeReference<File>() {});
        if (file.rules() == null || file.rules().isEmpty()) {
            throw new IllegalStateException(resource + " holds no rules");
        }
        if (file.directions() != null) {
            Set<String> known = new HashSet<>();
            file.rules().forEach(r -> known.add(r.id()));
            file.directions().forEach((d, ids) -> {
                if (!d.equals("benefit") && !d.equals("harm")) {
                    throw new IllegalStateException(resource + ": unknown direction " + d);
                }
                ids.stream().filter(id -> !known.contains(id)).findFirst().ifPresent(id -> {
                    throw new IllegalStateException(resource + ": direction for unknown rule " + id);
                });
            });
        }
        return new MythRulePack(file.version(), file.termSets(), file.rules(), file.directions());
    }

    public String version() {
        return version;
    }

    public List<MythRule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }

    List<Compiled> compiled() {
        return rules;
    }

    record Compiled(
            MythRule rule,
            Pattern subjects,
            Pattern effects,
            Pattern phrasings,
            Pattern names,
            Pattern excludes,
            Set<Polarity.Direction> directions) {

        /** True when the family's claim is a promised benefit and never a feared harm. */
        boolean promisesBenefit() {
            return directions.contains(Polarity.Direction.BENEFIT) && !directions.contains(Polarity.Direction.HARM);
        }

        /** The claim this rule finds in {@code sentence}, if any: a phrasing, a subject-effect pair, a name. */
        Optional<ClaimSpan> match(String sentence) {
            if (excludes != null && excludes.matcher(sentence).find()) {
                return Optional.empty();
            }
            Optional<ClaimSpan> claim = claim(sentence);
            if (claim.isEmpty()) {
                claim = inferred(sentence);
            }
            if (claim.isEmpty() && names != null) {
                Matcher m = names.matcher(sentence);
                if (m.find()) {
                    return Optional.of(new ClaimSpan(m.start(), m.end(), negatedBefore(sentence, m.start()), true));
                }
            }
            return claim;
        }

        private Optional<ClaimSpan> claim(String sentence) {
            if (phrasings != null) {
                Matcher m = phrasings.matcher(sentence);
                if (m.find()) {
                    return Optional.of(new ClaimSpan(m.start(), m.end(), negatedBefore(sentence, m.start())));
                }
            }
            if (subjects == null || effects == null) {
                return Optional.empty();
            }
            List<int[]> subs = all(subjects, sentence);
            if (subs.isEmpty()) {
                return Optional.empty();
            }
            List<int[]> effs = all(effects, sentence);
            int[] bestSub = null;
            int[] bestEff = null;
            int best = Integer.MAX_VALUE;
            for (int[] s : subs) {
                for (int[] e : effs) {
                    if (s[0] < e[1] && e[0] < s[1]) {
                        // One word cannot be both subject and effect (排毒足贴 holds 排毒).
                        continue;
                    }
                    int distance = e[0] >= s[1] ? e[0] - s[1] : Math.max(0, s[0] - e[1]);
                    if (distance < best) {
                        best = distance;
                        bestSub = s;
                        bestEff = e;
                    }
                }
            }
            if (bestSub == null || best > MAX_PAIR_DISTANCE) {
                return Optional.empty();
            }
            int start = Math.min(bestSub[0], bestEff[0]);
            int end = Math.max(bestSub[1], bestEff[1]);
            // Other claimed effects are not negation of this one: 不用电不用油的抽水机 lists two promises.
            String plain = mask(sentence, effs);
            boolean negated;
            if (bestSub[1] <= bestEff[0]) {
                // Negation counts only in the effect's own clause: 猪蹄不能错过，吃了皮肤变好 is not negated.
                int from = Math.max(bestSub[1], StanceClassifier.clauseStart(plain, bestEff[0]));
                negated = Cues.hasNegator(plain.substring(from, bestEff[0]));
            } else {
                // Effect first: a negator between the two still scopes over the pair (在太空中并没有看到长城).
                int from = Math.max(bestEff[1], StanceClassifier.clauseStart(plain, bestSub[0]));
                negated = negatedBefore(plain, bestEff[0])
                        || (from < bestSub[0] && Cues.hasNegator(plain.substring(from, bestSub[0])));
            }
            // A subject far from its effect is weaker evidence of the family than any tight pair: in
            // 味精会致癌的传闻…食品添加剂委员会… the claim belongs to 味精, not to 添加剂.
            int specificity = bestSub[1] - bestSub[0] - (best > TIGHT_PAIR ? MAX_PAIR_DISTANCE : 0);
            return Optional.of(new ClaimSpan(start, end, negated, false, specificity));
        }

        /**
         * The family's subject followed, within its clause or the next few, by a strong result in the
         * family's own direction (托玛琳床垫…血栓…化开了, 凉皮…吃了肝受不了): the family's claim in words
         * its effect list does not hold. A result pointing the other way is about something else (手术后
         * 肿瘤缩小了 is not the fear that surgery spreads cancer).
         */
        private Optional<ClaimSpan> inferred(String sentence) {
            if (subjects == null || directions.isEmpty()) {
                return Optional.empty();
            }
            for (int[] s : all(subjects, sentence)) {
                int to = Math.min(sentence.length(), s[1] + RESULT_WINDOW);
                String after = sentence.substring(s[1], to);
                Polarity.Result best = null;
                for (Polarity.Direction d : directions) {
                    Optional<Polarity.Result> r = Polarity.find(after, d);
                    if (r.isPresent() && (best == null || r.get().start() < best.start())) {
                        best = r.get();
                    }
                }
                if (best == null) {
                    continue;
                }
                int rs = s[1] + best.start();
                int re = s[1] + best.end();
                int from = Math.max(s[1], StanceClassifier.clauseStart(sentence, rs));
                if (CLAUSE_BREAK.matcher(sentence.substring(s[1], rs)).results().count() > MAX_RESULT_CLAUSES
                        || COUNTER_RESULT.matcher(sentence.substring(from, rs)).find()
                        || HEDGE.matcher(sentence.substring(s[1], rs)).find()) {
                    // Too far to be the subject's result; the writer's warning about what the remedy itself
                    // does (…不要用白酒擦身，…反而可能中毒); or a hedged, conditional harm, which is how true
                    // safety advice reads (隔夜菜如果没放冰箱，…可能闹肚子甚至中毒).
                    continue;
                }
                boolean negated = Cues.hasNegator(sentence.substring(from, rs));
                // A one-character subject (水, 糖, 醋) names too much to carry a blocker on its own.
                boolean strong = s[1] - s[0] >= 2;
                // Any claim found from the family's own effect words is better evidence than this one.
                int specificity = s[1] - s[0] - 2 * MAX_PAIR_DISTANCE;
                return Optional.of(new ClaimSpan(s[0], re, negated, false, specificity, true, strong));
            }
            return Optional.empty();
        }

        private static String mask(String sentence, List<int[]> ranges) {
            StringBuilder sb = new StringBuilder(sentence);
            for (int[] r : ranges) {
                for (int i = r[0]; i < r[1]; i++) {
                    sb.setCharAt(i, '□');
                }
            }
            return sb.toString();
        }

        /**
         * Where the rule's own terms occur in {@code sentence}: a refutation word inside them (骗局 in
         * 全球变暖是骗局, 造假 in 登月是造假) is what the claim says, not the writer's verdict.
         */
        List<int[]> ownTerms(String sentence) {
            List<int[]> out = new ArrayList<>();
            for (Pattern p : new Pattern[] {effects, phrasings, names}) {
                if (p != null) {
                    out.addAll(all(p, sentence));
                }
            }
            return out;
        }

        private static boolean negatedBefore(String sentence, int pos) {
            int from = Math.max(StanceClassifier.clauseStart(sentence, pos), pos - NEGATION_LOOKBACK);
            return Cues.hasNegator(sentence.substring(from, pos));
        }

        /** Every match, leaving out those nested inside a longer one (足贴 inside 排毒足贴). */
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
            List<int[]> out = new ArrayList<>();
            for (int[] a : found) {
                boolean nested = false;
                for (int[] b : found) {
                    if (b != a && b[0] <= a[0] && a[1] <= b[1] && (b[1] - b[0]) > (a[1] - a[0])) {
                        nested = true;
                        break;
                    }
                }
                if (!nested) {
                    out.add(a);
                }
            }
            return out;
        }
    }
}
