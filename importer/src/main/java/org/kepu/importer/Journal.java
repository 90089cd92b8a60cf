package org.kepu.importer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an import has done so far, one line per imported file ({@code relative path TAB work id}), appended
 * and forced to disk before the next file counts as done. A rerun skips what the journal names; a file
 * imported but not yet journaled when the importer died is sent again, and kepu's idempotency key answers
 * it with the work it already made. A line torn by a crash holds no whole work id and is ignored.
 */
final class Journal implements AutoCloseable {

    private static final Pattern WORK_ID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    private final FileChannel out;
    private final Map<String, String> done = new HashMap<>();

    private Journal(FileChannel out) {
        this.out = out;
    }

    static Journal open(Path file) throws IOException {
        Journal journal = new Journal(
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        if (Files.size(file) > 0) {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int end = content.lastIndexOf('\n');
            for (String line : content.substring(0, end + 1).split("\n")) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0 && WORK_ID.matcher(line.substring(tab + 1)).matches()) {
                    journal.done.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
            if (end + 1 < content.length()) {
                // Start the next line after the torn one, so that it cannot glue onto it.
                journal.out.write(StandardCharsets.UTF_8.encode("\n"));
            }
        }
        return journal;
    }

    synchronized Optional<String> workOf(String relative) {
        return Optional.ofNullable(done.get(relative));
    }

    synchronized int size() {
        return done.size();
    }

    synchronized void imported(String relative, String workId) throws IOException {
        out.write(StandardCharsets.UTF_8.encode(clean(relative) + "\t" + workId + "\n"));
        out.force(false);
        done.put(relative, workId);
    }

    /** Paths with a tab or a line break would break the journal's lines; such names are rare enough to refuse. */
    static boolean journalable(String relative) {
        return relative.indexOf('\t') < 0 && relative.indexOf('\n') < 0 && relative.indexOf('\r') < 0;
    }

    private static String clean(String relative) {
        if (!journalable(relative)) {
            throw new IllegalArgumentException("a tab or line break in " + relative);
        }
        return relative;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
