package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Finds known rumours and myths that a sentence repeats in words the rule pack and the rumour matcher do
 * not hold, by comparing sentence vectors with the vectors of the knowledge's claims. The match says only
 * which claim a sentence is about; whether it asserts, reports or refutes it is decided by the same stance
 * rules, and with the same messages and severities, as the word checks, so a refutation is never blocked.
 *
 * <p>A sentence already matched by words keeps that match and is not matched again here, so one sentence
 * never carries two findings for one claim, and the words' more precise span stands. Claims are read from
 * the rule pack and the rumour corpus at each screening, since both change at run time; their vectors are
 * cached by claim text. A text's sentence vectors are stored once and reused when it is screened again.
 *
 * <p>Thread-safe; one instance serves the whole application.
 */
public final class SemanticClaimMatching {

    /**
     * The similarity at or above which a sentence is taken to be about a claim, chosen on the development
     * set ({@code semantic-dev.tsv}): with {@link #TRUTH_MARGIN} every threshold from 0.60 to 0.80 gives
     * the same outcome there (blocker recall 0.789 against 0.684 for words alone, no neutral sentence
     * flagged, no refutation newly blocked), and recall drops from 0.82 on. 0.70 sits in the middle of
     * that plateau, where a paraphrase such as 剩饭剩菜放了一晚上就会产生大量致癌物 and its myth meet.
     */
    public static final double DEFAULT_THRESHOLD = 0.70;

    /**
     * How much nearer its claim than the entry's truth a sentence must be. Correct advice on a rumour's
     * subject (水银体温计打碎后应开窗通风, 流感疫苗需要每年接种) sits as near the claim as the truth, within
     * 0.02 on the development set; asserted paraphrases sit 0.025 to 0.2 nearer the claim.
     */
    static final double TRUTH_MARGIN = 0.02;

    /** Sentences shorter than this say too little to be a claim (标题, 一、, 答：…). */
    static final int MIN_CHARS = 8;

    /** How many sentences of one text are compared: a long book's first chapters, at a few ms each. */
    static final int MAX_SENTENCES = 2_000;

    /** The model reads at most 512 tokens; the start of a run-on sentence carries its claim. */
    private static final int MAX_EMBEDDED_CHARS = 256;

    private static final int MAX_CACHED_CLAIMS = 20_000;

    /** Rule-pack terms with pattern syntax are not sentences and are left out of the claims. */
    private static final Pattern PATTERN_SYNTAX = Pattern.compile("[*()|?@\\[\\]]");

    /** Advice against the practice (不要往嘴里塞东西, 切勿倒挂控水), which the word negators leave to context. */
    private static final Pattern ADVICE_AGAINST = Pattern.compile("不要|别|千万不|切勿|切忌|禁止|不宜|不该|不应|勿|避免|错误");

    private static final String TRAILING = "。！？；!?;…”」』》）)】’ \t\r\n";

    private final SentenceEmbedder embedder;
    private final SentenceVectorStore vectors;
    private final double threshold;
    private final Map<String, float[]> claimVectors = new ConcurrentHashMap<>();

    /**
     * @param vectors where sentence vectors are kept between screenings, or null to embed every time
     * @param threshold cosine similarity at or above which a sentence matches a claim, in (0, 1)
     */
    public SemanticClaimMatching(SentenceEmbedder embedder, SentenceVectorStore vectors, double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("semantic threshold must lie between 0 and 1: " + threshold);
        }
        this.embedder = embedder;
        this.vectors = vectors;
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /**
     * A claim as the knowledge words it, what is true instead (the rumour's debunking, the family's fact),
     * and the entry it belongs to (a rumour or a myth family).
     */
    record Claim(String text, String truth, KnownRumour rumour, MythRule myth) {}

    /** A sentence's closest claim and their cosine similarity. */
    record Match(Sentence sentence, Claim claim, double score) {}

    /**
     * Findings for claims the word checks missed, given the findings they made.
     *
     * @param keep whether to store the text's sentence vectors for the next screening: a work's version
     *     is screened again when the knowledge changes, text sent to the check route is not
     */
    List<Finding> check(
            String text, MythRulePack myths, KnownRumours rumours, List<Finding> wordFindings, boolean keep) {
        List<Sentence> sentences = Sentences.split(text);
        List<Finding> out = new ArrayList<>();
        for (Match m : matches(sentences, text, claims(myths, rumours), keep)) {
            if (matchedByWords(m.sentence(), wordFindings)) {
                continue;
            }
            out.add(finding(sentences, text, m));
        }
        return out;
    }

    /** Each eligible sentence's best claim at or above the threshold. */
    List<Match> matches(List<Sentence> sentences, String text, List<Claim> claims, boolean keep) {
        List<Sentence> eligible = eligible(sentences);
        if (eligible.isEmpty() || claims.isEmpty()) {
            return List.of();
        }
        List<float[]> claimVecs = textVectors(claims.stream().map(Claim::text).toList());
        List<float[]> truthVecs = textVectors(claims.stream().map(Claim::truth).toList());
        List<float[]> sentenceVecs = sentenceVectors(text, eligible, keep);
        List<Match> out = new ArrayList<>();
        for (int i = 0; i < eligible.size(); i++) {
            float[] v = sentenceVecs.get(i);
            int best = -1;
            double bestScore = -1;
            for (int c = 0; c < claims.size(); c++) {
                double score = dot(v, claimVecs.get(c));
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            // A sentence about as near the entry's truth as its claim states the truth on the same subject
            // (用雪搓会加重冻伤): it shares the claim's words, not its error.
            if (bestScore >= threshold && bestScore - dot(v, truthVecs.get(best)) >= TRUTH_MARGIN) {
                out.add(new Match(eligible.get(i), claims.get(best), bestScore));
            }
        }
        return out;
    }

    /** Every rumour's claim; every myth family's name and its plain-text names and phrasings. */
    static List<Claim> claims(MythRulePack myths, KnownRumours rumours) {
        Map<String, Claim> byText = new LinkedHashMap<>();
        for (KnownRumour r : rumours.entries()) {
            byText.putIfAbsent(
                    r.claim().strip(), new Claim(r.claim().strip(), r.debunk().strip(), r, null));
        }
        for (MythRule rule : myths.rules()) {
            List<String> texts = new ArrayList<>();
            texts.add(rule.name().replaceAll("[“”\"]", ""));
            texts.addAll(rule.names());
            texts.addAll(rule.phrasings());
            for (String t : texts) {
                String claim = t.strip();
                if (claim.length() >= 3 && !PATTERN_SYNTAX.matcher(claim).find()) {
                    byText.putIfAbsent(claim, new Claim(claim, rule.fact().strip(), null, rule));
                }
            }
        }
        return List.copyOf(byText.values());
    }

    private static List<Sentence> eligible(List<Sentence> sentences) {
        List<Sentence> out = new ArrayList<>();
        for (Sentence s : sentences) {
            if (out.size() == MAX_SENTENCES) {
                break;
            }
            if (content(s).codePointCount(0, content(s).length()) >= MIN_CHARS) {
                out.add(s);
            }
        }
        return out;
    }

    private static String content(Sentence s) {
        String t = s.text().strip();
        return t.length() > MAX_EMBEDDED_CHARS ? t.substring(0, MAX_EMBEDDED_CHARS) : t;
    }

    /** Vectors of claims and truths, computed once per wording. */
    private List<float[]> textVectors(List<String> texts) {
        List<String> missing = texts.stream()
                .distinct()
                .filter(t -> !claimVectors.containsKey(t))
                .toList();
        if (!missing.isEmpty()) {
            if (claimVectors.size() + missing.size() > MAX_CACHED_CLAIMS) {
                // Claims replaced many times over: start afresh rather than keep every old wording.
                claimVectors.clear();
            }
            List<float[]> computed = embedder.embed(missing);
            for (int i = 0; i < missing.size(); i++) {
                claimVectors.put(missing.get(i), computed.get(i));
            }
        }
        return texts.stream()
                .map(t -> claimVectors.computeIfAbsent(
                        t, x -> embedder.embed(List.of(x)).get(0)))
                .toList();
    }

    private List<float[]> sentenceVectors(String text, List<Sentence> eligible, boolean keep) {
        String key = SentenceVectorStore.key(
                embedder.model(), "min=" + MIN_CHARS + ",max=" + MAX_SENTENCES + ",chars=" + MAX_EMBEDDED_CHARS, text);
        if (vectors != null) {
            Optional<List<float[]>> stored = vectors.find(key, eligible.size());
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        List<float[]> computed = embedder.embed(
                eligible.stream().map(SemanticClaimMatching::content).toList());
        if (computed.size() != eligible.size()) {
            throw new IllegalStateException(
                    "the embedder returned " + computed.size() + " vectors for " + eligible.size() + " sentences");
        }
        if (vectors != null && keep) {
            vectors.save(key, computed);
        }
        return computed;
    }

    private static boolean matchedByWords(Sentence s, List<Finding> findings) {
        for (Finding f : findings) {
            boolean knowledge = f.rule().startsWith("myth.") || f.rule().startsWith("rumour.");
            if (knowledge && f.start() < s.end() && s.start() < f.end()) {
                return true;
            }
        }
        return false;
    }

    /** The sentence as the span: a vector says which claim the sentence is about, not which words. */
    private static Finding finding(List<Sentence> sentences, String text, Match m) {
        Sentence s = m.sentence();
        String local = s.text();
        int from = 0;
        while (from < local.length() && Character.isWhitespace(local.charAt(from))) {
            from++;
        }
        int to = local.length();
        while (to > from && TRAILING.indexOf(local.charAt(to - 1)) >= 0) {
            to--;
        }
        if (to == from) {
            to = local.length();
        }
        String claim = m.claim().text();
        // Any negation in a sentence matched by meaning is taken to deny the claim (…并不会黏在肠子上, 不能自行
        // 停药): the words differ from the claim's, so there is no telling the claim's own negation from the
        // writer's, and an asserted paraphrase missed is better than a refutation blocked.
        String span = local.substring(from, to);
        boolean negated = Cues.hasNegator(span) || ADVICE_AGAINST.matcher(span).find();
        int start = s.global(from);
        int end = s.global(to);
        Stance stance = StanceClassifier.classify(sentences, s.index(), start, end, negated, claim);
        return m.claim().rumour() != null
                ? KnownRumourCheck.finding(m.claim().rumour(), stance, text, start, end)
                : MythCheck.finding(m.claim().myth(), stance, text, start, end);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
