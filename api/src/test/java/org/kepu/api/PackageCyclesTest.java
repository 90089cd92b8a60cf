package org.kepu.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The application's packages depend on each other without cycles, so that each can be read, and moved to
 * a module of its own, starting from the packages it uses. Read from the sources' imports.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?(org\\.kepu\\.api(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

    @Test
    void apiPackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("org/kepu/api"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Matcher m = IMPORT.matcher(Files.readString(file));
                Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        assertThat(uses).as("packages read").hasSizeGreaterThan(10);

        List<List<String>> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> path = cycleThrough(start, start, uses, new ArrayList<>(List.of(start)), new HashSet<>());
            if (path != null) {
                cycles.add(path);
            }
        }
        assertThat(cycles).as("package cycles (each from one of its packages)").isEmpty();
    }

    /** A path of uses from {@code at} back to {@code start}, or null. */
    private static List<String> cycleThrough(
            String start, String at, Map<String, Set<String>> uses, List<String> path, Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleThrough(start, next, uses, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> uses = new HashMap<>();
        uses.put("a", Set.of("b"));
        uses.put("b", Set.of("c"));
        uses.put("c", Set.of("a"));
        assertThat(cycleThrough("a", "a", uses, new ArrayList<>(List.of("a")), new HashSet<>()))
                .containsExactly("a", "b", "c", "a");
        uses.put("c", Set.of());
        assertThat(cycleThrough("a", "a", uses, new ArrayList<>(List.of("a")), new HashSet<>()))
                .isNull();
    }
}
