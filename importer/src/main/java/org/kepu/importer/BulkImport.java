package org.kepu.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.kepu.importer.Sources.Failure;
import org.kepu.importer.Sources.SourceWork;

/**
 * Imports a folder of works through kepu's upload route, a few at a time, journaling each imported file so
 * that a rerun after a crash carries on where it stopped. Files kepu refuses are listed with kepu's reason;
 * overload and network failures are retried.
 */
final class BulkImport {

    static final int ATTEMPTS = 5;

    /** What a run did; written as the summary file. */
    record Report(
            int works,
            int imported,
            int alreadyImported,
            int repeated,
            List<Failure> failed,
            double seconds,
            double worksPerSecond,
            double bytesPerSecond) {}

    private final KepuUploads kepu;
    private final int parallel;
    private final PrintStream out;
    private final boolean terminal;

    /** @param terminal whether {@code out} is a terminal, where the progress bar is redrawn in place */
    BulkImport(KepuUploads kepu, int parallel, PrintStream out, boolean terminal) {
        this.kepu = kepu;
        this.parallel = parallel;
        this.out = out;
        this.terminal = terminal;
    }

    Report run(Path folder, Journal journal) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Sources.Scan scan = Sources.scan(folder);
        List<Failure> failed = java.util.Collections.synchronizedList(new ArrayList<>(scan.unpaired()));
        // A log gets a line every few seconds rather than every redraw of the bar.
        long interval = terminal ? TimeUnit.MILLISECONDS.toNanos(200) : TimeUnit.SECONDS.toNanos(5);
        Progress progress = new Progress(out, terminal, scan.works().size(), started, interval);
        AtomicInteger imported = new AtomicInteger();
        AtomicInteger already = new AtomicInteger();
        AtomicInteger repeated = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            for (SourceWork work : scan.works()) {
                pool.execute(() -> {
                    try {
                        if (journal.workOf(work.relative()).isPresent()) {
                            already.incrementAndGet();
                            progress.skipped(System.nanoTime());
                            return;
                        }
                        KepuUploads.Answer answer = importOne(work);
                        if (answer.stored()) {
                            journal.imported(work.relative(), answer.workId().orElseThrow());
                            (answer.status() == 201 ? imported : repeated).incrementAndGet();
                            progress.imported(Files.size(work.file()), System.nanoTime());
                        } else {
                            failed.add(new Failure(work.relative(), answer.reason()));
                            progress.failed(System.nanoTime());
                        }
                    } catch (IOException | IllegalArgumentException e) {
                        failed.add(new Failure(work.relative(), e.getMessage()));
                        progress.failed(System.nanoTime());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        } finally {
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // Uploads of large files may take long; their own timeouts end them.
            }
        }
        long now = System.nanoTime();
        progress.finish(now);
        List<Failure> sorted = new ArrayList<>(failed);
        sorted.sort(java.util.Comparator.comparing(Failure::relative));
        return new Report(
                scan.works().size(),
                imported.get(),
                already.get(),
                repeated.get(),
                sorted,
                (now - started) / 1e9,
                progress.worksPerSecond(now),
                progress.bytesPerSecond(now));
    }

    private KepuUploads.Answer importOne(SourceWork work) throws IOException, InterruptedException {
        if (!Journal.journalable(work.relative())) {
            throw new IllegalArgumentException("a tab or line break in the file's path");
        }
        Sidecar sidecar = Sidecar.read(work.sidecar());
        String key = idempotencyKey(work);
        KepuUploads.Answer answer = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            answer = kepu.upload(work.file(), work.file().getFileName().toString(), sidecar, key);
            if (!answer.transientFailure()) {
                return answer;
            }
            Duration pause = answer.retryAfter().orElse(Duration.ofSeconds(1L << (attempt - 1)));
            Thread.sleep(pause.toMillis());
        }
        return answer;
    }

    /**
     * Names this file with this content: a rerun sends the same key for it, so kepu answers with the work
     * the first upload made; a changed file is a new work. Printable ASCII, whatever the file is called.
     */
    static String idempotencyKey(SourceWork work) throws IOException {
        HexFormat hex = HexFormat.of();
        String path = hex.formatHex(sha256().digest(work.relative().getBytes(StandardCharsets.UTF_8)));
        MessageDigest content = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(work.file()), content)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return "import:" + path.substring(0, 32) + ":sha256:" + hex.formatHex(content.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
