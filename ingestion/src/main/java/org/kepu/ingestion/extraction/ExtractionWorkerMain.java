package org.kepu.ingestion.extraction;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Main class of an extraction child JVM. It reads one request per line on stdin and answers one line
 * on stdout; everything else, including library chatter, goes to stderr.
 *
 * <p>Arguments: the maximum depth of embedded documents; the pixel budget of OCR (0: no OCR); how many
 * pictures are read by OCR at once.
 */
public final class ExtractionWorkerMain {

    /** Exit status when the parent JVM is gone (3 is taken by -XX:+ExitOnOutOfMemoryError). */
    static final int PARENT_GONE_EXIT = 4;

    private ExtractionWorkerMain() {}

    public static void main(String[] args) {
        int maxNestingDepth = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long ocrMaxPixels = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int ocrParallel = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        OcrReader ocr = ocrMaxPixels > 0 ? new OcrReader(ocrMaxPixels, ocrParallel) : null;
        serve(() -> new ChildParser(maxNestingDepth, ocr).warmedUp()::handle);
    }

    /** Runs the request loop with the handler made by {@code setup} until stdin closes. */
    static void serve(Supplier<Function<WorkerProtocol.Request, WorkerProtocol.Reply>> setup) {
        // Claim stdout for the protocol before any logger or library can write to it.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Function<WorkerProtocol.Request, WorkerProtocol.Reply> handler = setup.get();
        Logger log = LoggerFactory.getLogger(ExtractionWorkerMain.class);
        // A parse stuck in a loop would not notice stdin closing; stop when the parent is gone.
        ProcessHandle.current()
                .parent()
                .ifPresent(parent ->
                        parent.onExit().thenRun(() -> Runtime.getRuntime().halt(PARENT_GONE_EXIT)));
        protocol.println(WorkerProtocol.marked(WorkerProtocol.READY));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Optional<WorkerProtocol.Request> request = WorkerProtocol.Request.parse(line);
                String answer = request.isPresent()
                        ? toLine(handler.apply(request.get()))
                        : new WorkerProtocol.Err(ExtractionOutcome.FailureKind.CRASHED, "bad request").toLine();
                protocol.println(WorkerProtocol.marked(answer));
            }
        } catch (IOException e) {
            log.warn("extraction worker lost its input", e);
        }
    }

    private static String toLine(WorkerProtocol.Reply reply) {
        if (reply instanceof WorkerProtocol.Ok ok) {
            return ok.toLine();
        }
        return ((WorkerProtocol.Err) reply).toLine();
    }
}
