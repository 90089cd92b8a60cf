package org.kepu.importer;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar: files done of all, works and bytes per second over this run, the time left at that rate,
 * and failures so far. On a terminal it is redrawn in place; into a log or a pipe it is written as a line
 * at each redraw. Redrawn at most every {@code interval} nanoseconds, and once at the end.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final long started;
    private final long interval;
    private int skipped;
    private int done;
    private int failed;
    private long bytes;
    private long drawn;

    Progress(PrintStream out, boolean terminal, int total, long startedNanos, long intervalNanos) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.started = startedNanos;
        this.interval = intervalNanos;
        this.drawn = startedNanos - intervalNanos;
    }

    /** Imported by an earlier run: counts towards the bar, not towards this run's rate. */
    synchronized void skipped(long now) {
        skipped++;
        draw(now, false);
    }

    synchronized void imported(long size, long now) {
        done++;
        bytes += size;
        draw(now, false);
    }

    synchronized void failed(long now) {
        failed++;
        draw(now, false);
    }

    synchronized void finish(long now) {
        draw(now, true);
        if (terminal) {
            out.println();
        }
    }

    synchronized double worksPerSecond(long now) {
        return done / seconds(now);
    }

    synchronized double bytesPerSecond(long now) {
        return bytes / seconds(now);
    }

    private double seconds(long now) {
        return Math.max(now - started, 1) / 1e9;
    }

    private void draw(long now, boolean always) {
        if (!always && now - drawn < interval) {
            return;
        }
        drawn = now;
        if (terminal) {
            out.print('\r' + line(now));
            out.flush();
        } else {
            out.println(line(now));
        }
    }

    String line(long now) {
        int finished = skipped + done + failed;
        int filled = total == 0 ? WIDTH : (int) ((long) finished * WIDTH / total);
        double rate = worksPerSecond(now);
        String eta = rate > 0 ? clock((long) ((total - finished) / rate)) : "--:--";
        return String.format(
                Locale.ROOT,
                "[%s%s] %d/%d %3d%%  %.1f works/s  %.1f MB/s  ETA %s  failed %d",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                finished,
                total,
                total == 0 ? 100 : finished * 100 / total,
                rate,
                bytesPerSecond(now) / 1e6,
                eta,
                failed);
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
