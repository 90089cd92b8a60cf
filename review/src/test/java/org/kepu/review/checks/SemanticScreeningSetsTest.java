package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Semantic claim matching measured with the real model: the threshold swept on the development set, the
 * held-out set (written before the matcher, never tuned on) with and without it, and the labelled sets of
 * the word checks, whose precision must not drop.
 */
class SemanticScreeningSetsTest {

    private static final Logger LOG = LoggerFactory.getLogger(SemanticScreeningSetsTest.class);

    private final Screening words = Screening.standard();

    private static Screening semantic(double threshold) {
        return Screening.builder()
                .semanticMatching(new SemanticClaimMatching(BgeEmbedder.INSTANCE, null, threshold))
                .build();
    }

    private static LabelledSet.Report measure(String set, Screening screening) {
        List<LabelledSet.Item> items = LabelledSet.load("/screening/" + set);
        return LabelledSet.evaluate(items, t -> screening.check(ScreeningInput.ofText(t)));
    }

    @Test
    void theDefaultThresholdIsTheBestOnTheDevelopmentSet() {
        StringBuilder sweep = new StringBuilder(String.format(
                Locale.ROOT,
                "%nsemantic-dev.tsv%n%9s %9s %9s %9s %9s%n",
                "threshold",
                "precision",
                "recall",
                "refuted",
                "clean"));
        for (int t = 60; t <= 84; t += 2) {
            LabelledSet.Report r = measure("semantic-dev.tsv", semantic(t / 100.0));
            sweep.append(String.format(
                    Locale.ROOT,
                    "%9.2f %9.3f %9.3f %9.3f %9.3f%n",
                    t / 100.0,
                    r.blocker.precision(),
                    r.blocker.recall(),
                    r.refutedNeverBlocked(),
                    r.cleanRate()));
        }
        LabelledSet.Report without = measure("semantic-dev.tsv", words);
        sweep.append(String.format(
                Locale.ROOT,
                "%9s %9.3f %9.3f %9.3f %9.3f%n",
                "words",
                without.blocker.precision(),
                without.blocker.recall(),
                without.refutedNeverBlocked(),
                without.cleanRate()));
        LabelledSet.Report atDefault = measure("semantic-dev.tsv", semantic(SemanticClaimMatching.DEFAULT_THRESHOLD));
        LOG.info(sweep + atDefault.table("semantic-dev.tsv at the default threshold"));

        // Meaning adds blockers to asserted paraphrases only: none to refutations or to correct sentences.
        assertThat(atDefault.refutedBlocked).isEqualTo(without.refutedBlocked);
        assertThat(atDefault.cleanFlagged).isEqualTo(without.cleanFlagged);
        assertThat(atDefault.blocker.recall()).isGreaterThan(without.blocker.recall());
    }

    @Test
    void heldOutParaphrasesAreBlockedMoreOftenAndNoRefutationIsBlocked() {
        LabelledSet.Report without = measure("semantic-heldout.tsv", words);
        LabelledSet.Report with = measure("semantic-heldout.tsv", semantic(SemanticClaimMatching.DEFAULT_THRESHOLD));
        LOG.info(String.format(
                        Locale.ROOT,
                        "%nsemantic-heldout.tsv blocker recall: words %.3f (%d/%d), words and meaning %.3f (%d/%d);"
                                + " precision %.3f / %.3f; refuted never blocked %.3f / %.3f; clean %.3f / %.3f",
                        without.blocker.recall(),
                        without.blocker.tp,
                        without.blocker.tp + without.blocker.fn,
                        with.blocker.recall(),
                        with.blocker.tp,
                        with.blocker.tp + with.blocker.fn,
                        without.blocker.precision(),
                        with.blocker.precision(),
                        without.refutedNeverBlocked(),
                        with.refutedNeverBlocked(),
                        without.cleanRate(),
                        with.cleanRate())
                + with.table("semantic-heldout.tsv with semantic matching"));

        // No refutation is blocked, by the words or by meaning.
        assertThat(with.refutedBlocked).as("refutations blocked").isZero();
        assertThat(with.extraBlockers).as("blockers beyond the words'").isSubsetOf(without.extraBlockers);
        assertThat(with.blocker.recall()).isGreaterThan(without.blocker.recall());
    }

    @Test
    void theWordChecksLabelledSetsLoseNoPrecision() {
        Screening withMeaning = semantic(SemanticClaimMatching.DEFAULT_THRESHOLD);
        List<Runnable> checks = new java.util.ArrayList<>();
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT, "%n%-16s %21s %21s %21s %21s%n", "set", "precision", "recall", "refuted", "clean"));
        for (String set : List.of(
                "labelled.tsv",
                "heldout.tsv",
                "heldout-2.tsv",
                "heldout-3.tsv",
                "heldout-4.tsv",
                "heldout-5.tsv",
                "heldout-6.tsv",
                "heldout-7.tsv",
                "heldout-8.tsv")) {
            LabelledSet.Report without = measure(set, words);
            LabelledSet.Report with = measure(set, withMeaning);
            table.append(String.format(
                    Locale.ROOT,
                    "%-16s %9.3f -> %8.3f %9.3f -> %8.3f %9.3f -> %8.3f %9.3f -> %8.3f%n",
                    set,
                    without.blocker.precision(),
                    with.blocker.precision(),
                    without.blocker.recall(),
                    with.blocker.recall(),
                    without.refutedNeverBlocked(),
                    with.refutedNeverBlocked(),
                    without.cleanRate(),
                    with.cleanRate()));
            with.extraBlockers.forEach(e -> table.append("  ")
                    .append(set)
                    .append(" false blocker: ")
                    .append(e)
                    .append('\n'));
            checks.add(() -> {
                assertThat(with.blocker.precision())
                        .as(set + " blocker precision")
                        .isGreaterThanOrEqualTo(without.blocker.precision());
                assertThat(with.refutedNeverBlocked())
                        .as(set + " refuted never blocked")
                        .isGreaterThanOrEqualTo(without.refutedNeverBlocked());
                assertThat(with.cleanRate()).as(set + " clean").isGreaterThanOrEqualTo(without.cleanRate());
                assertThat(with.blocker.recall())
                        .as(set + " blocker recall")
                        .isGreaterThanOrEqualTo(without.blocker.recall());
            });
        }
        LOG.info(table.toString());
        checks.forEach(Runnable::run);
    }
}
