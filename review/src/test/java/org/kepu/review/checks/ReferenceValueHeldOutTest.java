package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Precision and recall of wrong-value findings on labelled sentences: each names the quantity a finding must
 * cite, or none. {@code heldout/values.tsv} was written before the table was extended and the number reading
 * rewritten, and is measured untouched; {@code values-dev.tsv} is the set the table was tuned on.
 */
class ReferenceValueHeldOutTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceValueHeldOutTest.class);

    private final ReferenceValueCheck check = new ReferenceValueCheck(ReferenceValues.builtIn());

    record Labelled(int line, String quantity, String text) {
        boolean wrong() {
            return !quantity.equals("-");
        }
    }

    static final class Score {
        int tp;
        int fp;
        int fn;
        int wrong;
        int clean;
        final List<String> misses = new ArrayList<>();
        final List<String> falseFindings = new ArrayList<>();

        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }

        String table(String name) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "%n== %s: %d wrong values, %d clean sentences; precision %.3f (%d/%d), recall %.3f (%d/%d) ==%n",
                    name,
                    wrong,
                    clean,
                    precision(),
                    tp,
                    tp + fp,
                    recall(),
                    tp,
                    tp + fn));
            misses.forEach(m -> sb.append("  miss: ").append(m).append('\n'));
            falseFindings.forEach(m -> sb.append("  false finding: ").append(m).append('\n'));
            return sb.toString();
        }
    }

    static List<Labelled> load(String resource) {
        try (InputStream in = ReferenceValueHeldOutTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<Labelled> out = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 2) {
                    throw new IllegalStateException(resource + ":" + (i + 1) + " needs 2 tab-separated columns");
                }
                out.add(new Labelled(i + 1, cols[0], cols[1]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Score measure(String resource) {
        Score s = new Score();
        for (Labelled item : load(resource)) {
            List<Finding> findings = check.check(ScreeningInput.ofText(item.text()));
            String expectedRule = "value." + item.quantity();
            boolean hit = false;
            for (Finding f : findings) {
                if (item.wrong() && f.rule().equals(expectedRule)) {
                    hit = true;
                } else {
                    s.fp++;
                    s.falseFindings.add(item.line() + " " + item.quantity() + " | " + item.text() + " -> " + f.rule()
                            + " " + f.excerpt());
                }
            }
            if (item.wrong()) {
                s.wrong++;
                if (hit) {
                    s.tp++;
                } else {
                    s.fn++;
                    s.misses.add(item.line() + " " + item.quantity() + " | " + item.text());
                }
            } else {
                s.clean++;
            }
        }
        LOG.info(s.table(resource));
        return s;
    }

    @Test
    void heldOutSentencesAreMeasuredUntouched() {
        Score s = measure("heldout/values.tsv");

        assertThat(s.wrong).isGreaterThanOrEqualTo(50);
        assertThat(s.clean).isGreaterThanOrEqualTo(50);
        // First measurement, once the table and the reading were written: precision 1.000 (51/51), recall 0.895
        // (51/57). Then, from development sentences: a guideline's limit (不超过5克) no longer reads as a negation,
        // and 1秒多 widens like 30多: precision 1.000 (53/53), recall 0.930 (53/57). The four misses are a number in
        // the clause before the name (…50mg/100mL时，就属于饮酒驾车), a negation in a neighbouring clause (并不算快，
        // 大约每秒一千五百米) and a wording no alias covers (成年人安静状态下的心率). Floors a small margin below.
        assertThat(s.precision()).as("held-out precision").isGreaterThanOrEqualTo(HELD_OUT_PRECISION);
        assertThat(s.recall()).as("held-out recall").isGreaterThanOrEqualTo(HELD_OUT_RECALL);
    }

    @Test
    void developmentSentencesMeetTheirFloors() {
        Score s = measure("values-dev.tsv");

        assertThat(s.wrong).isGreaterThanOrEqualTo(30);
        assertThat(s.precision()).as("development precision").isGreaterThanOrEqualTo(0.95);
        assertThat(s.recall()).as("development recall").isGreaterThanOrEqualTo(0.90);
    }

    private static final double HELD_OUT_PRECISION = 0.95;
    private static final double HELD_OUT_RECALL = 0.90;
}
