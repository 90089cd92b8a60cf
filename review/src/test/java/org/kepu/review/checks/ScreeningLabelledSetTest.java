package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Precision and recall of the science screening on labelled sentences, per rule family and severity.
 *
 * <p>{@code labelled.tsv} was written alongside the rules; {@code heldout.tsv} was written after the
 * rules were frozen and is reported separately with lower floors, as an estimate on unseen text.
 * {@code heldout-2.tsv} was written in media styles before the second round of rule changes and measured
 * first; {@code heldout-3.tsv} was written after that round and is reported untuned. {@code heldout-4.tsv}
 * was measured before the third round and then used for it, {@code heldout-5.tsv} likewise for the fourth;
 * {@code heldout-6.tsv} was written after the fourth round and is the untuned estimate; {@code heldout-7.tsv}
 * was written and measured before the fifth round, then used for it; {@code heldout-8.tsv} was written
 * after the fifth round and is the untuned estimate.
 */
class ScreeningLabelledSetTest {

    private static final Logger LOG = LoggerFactory.getLogger(ScreeningLabelledSetTest.class);

    private final Screening screening = Screening.standard();

    @Test
    void labelledSetMeetsTheFloors() {
        LabelledSet.Report r = measure("labelled.tsv", 200);

        meetsFloors(r, 0.90, 0.85, 0.95, 0.90, 0.75);
    }

    @Test
    void heldOutSetMeetsLowerFloors() {
        LabelledSet.Report r = measure("heldout.tsv", 60);

        meetsFloors(r, 0.80, 0.60, 0.85, NO_FLOOR, NO_FLOOR);
    }

    @Test
    void secondHeldOutSetIsReported() {
        LabelledSet.Report r = measure("heldout-2.tsv", 120);

        // Before any rule change: blocker precision 0.97 / recall 0.32, warning 0.67 / 0.35. The set was then
        // used while generalising the rules, so these floors guard against regressions only; heldout-3 is the
        // estimate on unseen text.
        meetsFloors(r, 0.95, 0.95, 0.95, 0.95, 0.90);
    }

    @Test
    void thirdHeldOutSetIsReported() {
        LabelledSet.Report r = measure("heldout-3.tsv", 40);

        // Written after the rule changes and never tuned on: floors at the first measurement, so the
        // figures can only be raised by rules that generalise, not by editing this set.
        meetsFloors(r, 0.90, 0.35, 0.90, 0.90, NO_FLOOR);
    }

    @Test
    void fourthHeldOutSetIsReported() {
        LabelledSet.Report r = measure("heldout-4.tsv", 100);

        // Before any rule change: blocker precision 0.875 / recall 0.284, warning recall 0.67, refuted never
        // blocked 0.85. The third round of rules was then written against its misses (1.0 on every figure
        // afterwards), so these floors guard against regressions only; heldout-5 is the unseen estimate.
        meetsFloors(r, 0.95, 0.95, 0.95, 0.95, 0.90);
    }

    @Test
    void fifthHeldOutSetIsReported() {
        LabelledSet.Report r = measure("heldout-5.tsv", 40);

        // Written after the third round of rule changes. First, untuned measurement: blocker precision 0.889 /
        // recall 0.276, warning recall 0.50, refuted never blocked 1.0, clean 1.0. A fourth round was then
        // written against its misses (1.0 on every figure afterwards), so these floors guard against
        // regressions only; heldout-6 is the unseen estimate.
        meetsFloors(r, 0.95, 0.95, 0.95, 0.95, 0.80);
    }

    @Test
    void sixthHeldOutSetIsReported() {
        LabelledSet.Report r = measure("heldout-6.tsv", 40);

        // Written after the fourth round of rule changes and never tuned on. First measurement: blocker
        // precision 0.750 / recall 0.310, warning recall 0.50, refuted never blocked 0.889, clean 1.0; floors a
        // small margin below, to be raised only by rules that generalise, never by editing this set. After the
        // fifth round (result polarity by family direction): 0.813 / 0.448, warning 0.833, refuted 0.889, clean
        // 1.0. Its misses were not read line by line, but a few of its wordings were known when the result
        // lexicons were written, so it is no longer strictly unseen.
        meetsFloors(r, 0.75, 0.42, 0.85, 0.95, 0.75);
    }

    @Test
    void seventhHeldOutSetIsReported() {
        LabelledSet.Report r = measure("heldout-7.tsv", 60);

        // Written after the fourth round, before the fifth (family direction and result polarity, scope of a
        // negative imperative). Baseline: blocker precision 0.824 / recall 0.438, warning recall 0.667,
        // refuted never blocked 0.833, clean 1.0. After the fifth round: 1.0 / 0.906, warning 0.833, refuted
        // 1.0, clean 1.0; its misses were seen while writing the result lexicons, so this is no longer an
        // unseen estimate and the floors, a margin below, guard against regressions only.
        meetsFloors(r, 0.95, 0.85, 0.95, 0.95, 0.75);
    }

    @Test
    void eighthHeldOutSetIsReported() {
        LabelledSet.Report r = measure("heldout-8.tsv", 60);

        // Written after the fifth round without reading the rules or the other held-out sentences, and never
        // tuned on. First measurement: blocker precision 0.969 (31/32) / recall 0.838 (31/37), warning recall
        // 0.500 (4/8), refuted never blocked 0.933 (14/15), clean 1.0 (16/16); floors a small margin below, to
        // be raised only by rules that generalise, never by editing this set.
        meetsFloors(r, 0.95, 0.80, 0.90, 0.95, 0.45);
    }

    /** A figure the set has no floor for: it is still printed in the table. */
    private static final double NO_FLOOR = Double.NaN;

    private LabelledSet.Report measure(String set, int minimumSize) {
        List<LabelledSet.Item> items = LabelledSet.load("/screening/" + set);
        assertThat(items).hasSizeGreaterThanOrEqualTo(minimumSize);
        LabelledSet.Report r = LabelledSet.evaluate(items, t -> screening.check(ScreeningInput.ofText(t)));
        LOG.info(r.table(set));
        return r;
    }

    private static void meetsFloors(
            LabelledSet.Report r, double precision, double recall, double refuted, double clean, double warned) {
        floor(r.blocker.precision(), precision, "blocker precision");
        floor(r.blocker.recall(), recall, "blocker recall");
        floor(r.refutedNeverBlocked(), refuted, "refuted never blocked");
        floor(r.cleanRate(), clean, "neutral and right values clean");
        floor(r.warning.recall(), warned, "reported myths warned");
    }

    private static void floor(double figure, double floor, String name) {
        if (!Double.isNaN(floor)) {
            assertThat(figure).as(name).isGreaterThanOrEqualTo(floor);
        }
    }
}
