package org.kepu.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theBarShowsDoneOfAllTheRateAndTheTimeLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 10, 0, SECOND);
        progress.skipped(0);
        for (int i = 0; i < 4; i++) {
            progress.imported(500_000, SECOND);
        }
        progress.failed(2 * SECOND);
        // 4 works in 2 s over this run (the skipped one does not count) = 2 works/s, 4 files left = 2 s.
        assertThat(progress.line(2 * SECOND))
                .isEqualTo("[##################------------] 6/10  60%  2.0 works/s  1.0 MB/s  ETA 0:02  failed 1");
    }

    @Test
    void redrawsAreThrottledButTheLastIsAlwaysShown() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 3, 0, SECOND);
        progress.imported(1, 1);
        progress.imported(1, 2);
        progress.imported(1, 3);
        progress.finish(4);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.chars().filter(c -> c == '\r').count()).isEqualTo(2);
        assertThat(out).contains("3/3 100%").endsWith(System.lineSeparator());
    }

    @Test
    void intoALogEachRedrawIsALine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 2, 0, SECOND);
        progress.imported(1, 1);
        progress.imported(1, 2);
        progress.finish(3);
        assertThat(bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator()))
                .containsExactly(
                        "[###############---------------] 1/2  50%  1000000000.0 works/s  1000.0 MB/s  ETA 0:00  failed 0",
                        "[##############################] 2/2 100%  666666666.7 works/s  666.7 MB/s  ETA 0:00  failed 0");
    }
}
