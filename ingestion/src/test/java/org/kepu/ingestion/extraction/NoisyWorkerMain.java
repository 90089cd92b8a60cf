package org.kepu.ingestion.extraction;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * A child whose "native library" writes straight to file descriptor 1, as the OCR engine's C code does:
 * whole lines, and a flush that ends in the middle of a line just before the reply.
 */
public final class NoisyWorkerMain {

    private NoisyWorkerMain() {}

    public static void main(String[] args) {
        FileOutputStream raw = new FileOutputStream(FileDescriptor.out);
        ExtractionWorkerMain.serve(() -> request -> {
            try {
                raw.write("numThread=1\nOK 999 false false\ndbNetTime=12.5".getBytes(StandardCharsets.UTF_8));
                raw.flush();
                Files.writeString(request.output(), "科普", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new WorkerProtocol.Ok(2, false, false);
        });
    }
}
