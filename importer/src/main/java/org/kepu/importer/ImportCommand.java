package org.kepu.importer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.kepu.importer.Sources.Failure;

/**
 * {@code java -jar kepu.jar import DIR [--url URL] [--token TOKEN] [--parallel N] [--journal FILE]
 * [--summary FILE]}: imports the works of a folder into a running kepu. The token (or {@code KEPU_TOKEN})
 * is an admin's when sidecars name creators, or a creator's own. Exit status: 0 when every work is in kepu,
 * 1 when some failed (see the summary), 2 for a bad command line.
 */
public final class ImportCommand {

    static final String USAGE = "usage: import DIR [--url http://localhost:8080] [--token TOKEN (or KEPU_TOKEN)]"
            + " [--parallel 4] [--journal FILE] [--summary FILE]";

    private ImportCommand() {}

    public static int run(String[] args, Map<String, String> environment, PrintStream out)
            throws IOException, InterruptedException {
        Options options;
        try {
            options = Options.parse(args, environment);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println(USAGE);
            return 2;
        }
        out.println(
                "importing " + options.folder() + " into " + options.url() + " (journal " + options.journal() + ")");
        BulkImport.Report report;
        try (Journal journal = Journal.open(options.journal())) {
            report = new BulkImport(
                            new KepuUploads(options.url(), options.token()),
                            options.parallel(),
                            out,
                            System.console() != null)
                    .run(options.folder(), journal);
        }
        Files.writeString(
                options.summary(), Sidecar.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        out.printf(
                Locale.ROOT,
                "%d works: %d imported, %d already imported, %d answered by an earlier upload, %d failed;"
                        + " %.1f s, %.1f works/s, %.2f MB/s; summary in %s%n",
                report.works(),
                report.imported(),
                report.alreadyImported(),
                report.repeated(),
                report.failed().size(),
                report.seconds(),
                report.worksPerSecond(),
                report.bytesPerSecond() / 1e6,
                options.summary());
        for (Failure failure : report.failed()) {
            out.println("  failed: " + failure.relative() + ": " + failure.reason());
        }
        return report.failed().isEmpty() ? 0 : 1;
    }

    record Options(Path folder, URI url, String token, int parallel, Path journal, Path summary) {

        static Options parse(String[] args, Map<String, String> environment) {
            Path folder = null;
            String url = environment.getOrDefault("KEPU_URL", "http://localhost:8080");
            String token = environment.get("KEPU_TOKEN");
            int parallel = 4;
            Path journal = null;
            Path summary = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    if (folder != null) {
                        throw new IllegalArgumentException("one folder only: " + arg);
                    }
                    folder = Path.of(arg);
                    continue;
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--url" -> url = value;
                    case "--token" -> token = value;
                    case "--parallel" -> parallel = parallel(value);
                    case "--journal" -> journal = Path.of(value);
                    case "--summary" -> summary = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (folder == null || !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("a folder to import is required: " + folder);
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("a token is required: --token or KEPU_TOKEN");
            }
            Path last = folder.toAbsolutePath().normalize().getFileName();
            String name = last == null ? "root" : last.toString();
            return new Options(
                    folder,
                    URI.create(url),
                    token,
                    parallel,
                    journal != null ? journal : Path.of("kepu-import-" + name + ".journal"),
                    summary != null ? summary : Path.of("kepu-import-" + name + "-summary.json"));
        }

        /** kepu lets one caller run 8 uploads at once by default; more would only meet 429s. */
        private static int parallel(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1 && n <= 64) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--parallel must be a number from 1 to 64: " + value);
        }
    }
}
