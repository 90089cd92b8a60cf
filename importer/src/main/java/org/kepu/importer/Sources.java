package org.kepu.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The works in a folder: every file {@code X} with a metadata sidecar {@code X.json} beside it. A file
 * without a sidecar, or a sidecar without its file, is reported rather than guessed at. Hidden files and
 * folders (the importer's own journal, editor backups, {@code .git}) are skipped.
 */
final class Sources {

    static final String SIDECAR = ".json";

    /** A work to import: its file and its sidecar, and the file's path relative to the folder ('/'-separated). */
    record SourceWork(Path file, Path sidecar, String relative) {}

    /** What a folder holds: works in a stable order, and what could not be paired. */
    record Scan(List<SourceWork> works, List<Failure> unpaired) {}

    record Failure(String relative, String reason) {}

    private Sources() {}

    static Scan scan(Path root) throws IOException {
        Set<Path> files = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(root.relativize(p)))
                    .forEach(files::add);
        }
        List<SourceWork> works = new ArrayList<>();
        List<Failure> unpaired = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            Path sidecar = file.resolveSibling(name + SIDECAR);
            if (files.contains(sidecar)) {
                works.add(new SourceWork(file, sidecar, relative(root, file)));
            } else if (!name.endsWith(SIDECAR)) {
                unpaired.add(new Failure(relative(root, file), "no metadata sidecar " + name + SIDECAR));
            } else if (!files.contains(file.resolveSibling(name.substring(0, name.length() - SIDECAR.length())))) {
                unpaired.add(new Failure(relative(root, file), "a sidecar without the file it describes"));
            }
        }
        return new Scan(works, unpaired);
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
