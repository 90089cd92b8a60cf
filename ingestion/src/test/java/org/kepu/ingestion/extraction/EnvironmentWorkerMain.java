package org.kepu.ingestion.extraction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** A child that answers every request with what it can see: its environment and its system properties. */
public final class EnvironmentWorkerMain {

    private EnvironmentWorkerMain() {}

    public static void main(String[] args) {
        ExtractionWorkerMain.serve(() -> request -> {
            List<String> lines = new ArrayList<>();
            System.getenv().forEach((name, value) -> lines.add("env " + name + "=" + value));
            System.getProperties().forEach((name, value) -> lines.add("property " + name + "=" + value));
            String report = String.join("\n", lines);
            try {
                Files.writeString(request.output(), report, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new WorkerProtocol.Ok(report.length(), false, false);
        });
    }
}
