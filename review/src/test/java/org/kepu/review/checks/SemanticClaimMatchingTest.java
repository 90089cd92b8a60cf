package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.work.WorkMetadata;

/** The semantic matcher's logic, with a hand-made embedder whose similarities are known in advance. */
class SemanticClaimMatchingTest {

    private static final KnownRumour COTTON =
            new KnownRumour("cotton_floss", "肉松面包里的肉松是用棉花做的", "肉松由肉制成，棉花做不成肉松。", "市场监管总局");

    /**
     * Texts naming cotton point one way, the truth (肉制成) another, a park a third; everything else,
     * the built-in myth claims among them, a fourth. Records what it was asked to embed.
     */
    private static final class Directions implements SentenceEmbedder {
        final List<String> asked = new ArrayList<>();

        @Override
        public String model() {
            return "directions-1";
        }

        @Override
        public List<float[]> embed(List<String> sentences) {
            asked.addAll(sentences);
            return sentences.stream().map(Directions::vector).toList();
        }

        private static float[] vector(String s) {
            float[] v = new float[4];
            v[s.contains("肉制成") ? 2 : s.contains("棉花") ? 0 : s.contains("公园") ? 3 : 1] = 1f;
            return v;
        }
    }

    private static Screening screening(SemanticClaimMatching matching, KnownRumours rumours) {
        return Screening.builder()
                .knownRumours(rumours)
                .semanticMatching(matching)
                .build();
    }

    private static KnownRumours cotton() {
        KnownRumours rumours = KnownRumours.empty();
        rumours.add(COTTON);
        return rumours;
    }

    private static List<Finding> rumourFindings(Screening s, String text) {
        return s.check(ScreeningInput.ofText(text)).stream()
                .filter(f -> f.rule().equals(COTTON.rule()))
                .toList();
    }

    @Test
    void anAssertedParaphraseIsABlockerOverTheWholeSentence() {
        Screening s = screening(new SemanticClaimMatching(new Directions(), null, 0.7), cotton());

        List<Finding> found = rumourFindings(s, "今天天气很好。超市卖的那种蓬松的绒毛其实是棉花纺出来的。");

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(f.excerpt()).isEqualTo("超市卖的那种蓬松的绒毛其实是棉花纺出来的");
        });
    }

    @Test
    void aRefutedOrProhibitedParaphraseIsNeverABlocker() {
        Screening s = screening(new SemanticClaimMatching(new Directions(), null, 0.7), cotton());

        assertThat(rumourFindings(s, "超市卖的那种蓬松的绒毛并不是棉花纺出来的。"))
                .singleElement()
                .extracting(Finding::severity)
                .isEqualTo(Severity.INFO);
        assertThat(rumourFindings(s, "网上说超市卖的蓬松绒毛是棉花纺出来的，这是谣言。"))
                .extracting(Finding::severity)
                .doesNotContain(Severity.BLOCKER);
    }

    @Test
    void unrelatedSentencesAndSentencesNearTheTruthAreNotMatched() {
        Screening s = screening(new SemanticClaimMatching(new Directions(), null, 0.7), cotton());

        assertThat(rumourFindings(s, "周末我们全家去公园放风筝，玩得很开心。")).isEmpty();
        assertThat(rumourFindings(s, "超市卖的肉松由肉制成，可以放心吃。")).isEmpty();
    }

    @Test
    void aSentenceTheWordsMatchedKeepsItsOneFinding() {
        List<Finding> words =
                rumourFindings(Screening.builder().knownRumours(cotton()).build(), "肉松面包里的肉松是用棉花做的。");
        Screening s = screening(new SemanticClaimMatching(new Directions(), null, 0.7), cotton());

        assertThat(words).hasSize(1);
        assertThat(rumourFindings(s, "肉松面包里的肉松是用棉花做的。")).isEqualTo(words);
    }

    @Test
    void claimsAreReadAtEachScreeningAndTheirVectorsComputedOnce() {
        Directions embedder = new Directions();
        KnownRumours rumours = KnownRumours.empty();
        Screening s = screening(new SemanticClaimMatching(embedder, null, 0.7), rumours);
        String text = "超市卖的那种蓬松的绒毛其实是棉花纺出来的。";

        assertThat(rumourFindings(s, text)).isEmpty();
        rumours.add(COTTON);
        assertThat(rumourFindings(s, text)).hasSize(1);
        rumourFindings(s, text);

        assertThat(embedder.asked.stream().filter(COTTON.claim()::equals)).hasSize(1);
    }

    @Test
    void shortSentencesAreNotCompared() {
        Directions embedder = new Directions();
        Screening s = screening(new SemanticClaimMatching(embedder, null, 0.7), cotton());

        assertThat(rumourFindings(s, "是棉花做的！")).isEmpty();
        assertThat(embedder.asked).doesNotContain("是棉花做的！");
    }

    @Test
    void aTextScreenedAgainReusesItsStoredSentenceVectors(@TempDir Path root) {
        Directions embedder = new Directions();
        SentenceVectorStore vectors = new SentenceVectorStore(new FileSystemObjectStore(root));
        Screening s = screening(new SemanticClaimMatching(embedder, vectors, 0.7), cotton());
        String text = "超市卖的那种蓬松的绒毛其实是棉花纺出来的。周末我们全家去公园放风筝。";
        ScreeningInput version =
                ScreeningInput.of(text, "w1", new WorkMetadata("肉松", null, "article", null, null, null, null, false));

        List<Finding> first = s.check(version);
        int asked = embedder.asked.size();
        List<Finding> second = s.check(version);

        assertThat(second).isEqualTo(first).anyMatch(f -> f.rule().equals(COTTON.rule()));
        assertThat(embedder.asked).hasSize(asked);
        assertThat(new FileSystemObjectStore(root).list(SentenceVectorStore.PREFIX))
                .hasSize(1);
    }

    @Test
    void textSentToTheCheckRouteLeavesNoVectorsBehind(@TempDir Path root) {
        Directions embedder = new Directions();
        SentenceVectorStore vectors = new SentenceVectorStore(new FileSystemObjectStore(root));
        Screening s = screening(new SemanticClaimMatching(embedder, vectors, 0.7), cotton());

        assertThat(rumourFindings(s, "超市卖的那种蓬松的绒毛其实是棉花纺出来的。")).hasSize(1);
        assertThat(new FileSystemObjectStore(root).list(SentenceVectorStore.PREFIX))
                .isEmpty();
    }

    @Test
    void storedVectorsKeepTheirCosinesWithinOneHundredth() {
        float[] a = unit(new float[] {0.3f, -0.5f, 0.1f, 0.8f, -0.05f});
        float[] b = unit(new float[] {0.2f, -0.4f, 0.3f, 0.7f, 0.1f});

        List<float[]> back = SentenceVectorStore.decode(SentenceVectorStore.encode(List.of(a, b)))
                .orElseThrow();

        assertThat(dot(back.get(0), back.get(1))).isCloseTo(dot(a, b), org.assertj.core.data.Offset.offset(0.01));
        assertThat(SentenceVectorStore.decode(new byte[] {1, 2, 3})).isEmpty();
        byte[] cut = SentenceVectorStore.encode(List.of(a, b));
        assertThat(SentenceVectorStore.decode(java.util.Arrays.copyOf(cut, cut.length - 1)))
                .isEmpty();
    }

    @Test
    void aThresholdOutsideZeroAndOneIsRejected() {
        assertThatThrownBy(() -> new SemanticClaimMatching(new Directions(), null, 1.2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] unit(float[] v) {
        double n = Math.sqrt(dot(v, v));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
