package org.kepu.ingestion.extraction;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One child JVM and its pipes. Not thread-safe: the pool lends it to one caller at a time. */
final class WorkerProcess {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final String EOF = "\u0000EOF";
    private static final int STDERR_TAIL = 20;

    /** What happened to a request. */
    sealed interface Exchange permits Answered, TimedOut, Died {}

    record Answered(String line) implements Exchange {}

    record TimedOut() implements Exchange {}

    record Died(String stderrTail) implements Exchange {}

    private final int id = IDS.incrementAndGet();
    private final Process process;
    private final BufferedWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private boolean ready;
    private int served;

    private WorkerProcess(Process process) {
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        daemon("kepu-extract-" + id + "-out", this::pumpStdout).start();
        daemon("kepu-extract-" + id + "-err", this::pumpStderr).start();
    }

    /** Starts {@code command} with exactly {@code environment}, nothing inherited beyond it. */
    static WorkerProcess start(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            WorkerProcess worker = new WorkerProcess(process);
            log.debug("started extraction worker {} (pid {})", worker.id, process.pid());
            return worker;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start extraction worker: " + command.get(0), e);
        }
    }

    /** Waits for the child to be ready (up to {@code startup}), then sends one request. */
    Exchange exchange(String request, Duration startup, Duration timeout) throws InterruptedException {
        if (!ready) {
            Optional<Exchange> failed = awaitReady(startup);
            if (failed.isPresent()) {
                return failed.get();
            }
        }
        try {
            stdin.write(request);
            stdin.newLine();
            stdin.flush();
        } catch (IOException e) {
            return died();
        }
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            return new TimedOut();
        }
        if (line.equals(EOF)) {
            return died();
        }
        served++;
        return new Answered(line);
    }

    private Optional<Exchange> awaitReady(Duration startup) throws InterruptedException {
        long deadline = System.nanoTime() + startup.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                return Optional.of(new Died("did not start within " + startup));
            }
            if (line.equals(EOF)) {
                return Optional.of(died());
            }
            if (line.equals(WorkerProtocol.READY)) {
                ready = true;
                return Optional.empty();
            }
            log.warn("{} wrote to stdout before it was ready: {}", this, line);
        }
    }

    boolean isReady() {
        return ready;
    }

    /** The exit status, once the child has exited. */
    Optional<Integer> exitValue() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int served() {
        return served;
    }

    long pid() {
        return process.pid();
    }

    /** Kills the child without waiting for it to finish what it is doing. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                log.warn("extraction worker {} (pid {}) did not exit after being killed", id, process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Died died() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            return new Died(String.join("\n", stderrTail));
        }
    }

    private void pumpStdout() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Optional<String> reply = WorkerProtocol.unmarked(line);
                if (reply.isPresent()) {
                    lines.add(reply.get());
                } else {
                    log.debug("worker {} stdout: {}", id, line);
                }
            }
        } catch (IOException e) {
            log.debug("extraction worker {} stdout closed: {}", id, e.toString());
        } finally {
            lines.add(EOF);
        }
    }

    private void pumpStderr() {
        try (BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                log.debug("worker {}: {}", id, line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            log.debug("extraction worker {} stderr closed: {}", id, e.toString());
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String toString() {
        return "extraction worker " + id + " (pid " + process.pid() + ")";
    }
}
