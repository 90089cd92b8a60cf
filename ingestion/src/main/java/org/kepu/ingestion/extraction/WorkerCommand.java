package org.kepu.ingestion.extraction;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Builds the command line and the environment of an extraction child JVM. The child parses hostile
 * files, so it gets only what it needs to run: no store credentials, no {@code JAVA_TOOL_OPTIONS}
 * (which could carry {@code -D} secrets) and no system properties beyond the ones named here.
 */
final class WorkerCommand {

    static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    static final String LOGBACK_CONFIG = "org/kepu/ingestion/extraction/worker-logback.xml";
    private static final String BOOT_LOADER_PACKAGE = "org.springframework.boot.loader.";
    /** Locale, time zone and the variables Windows needs to start a process; nothing else is inherited. */
    static final Set<String> INHERITED_ENVIRONMENT =
            Set.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT", "WINDIR");

    private WorkerCommand() {}

    /** The command for this JVM: same java binary, same classpath or same Spring Boot jar. */
    static List<String> forCurrentJvm(String mainClass, ExtractionSettings settings) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return build(
                java,
                System.getProperty("java.class.path"),
                Path.of(System.getProperty("java.io.tmpdir")),
                mainClass,
                settings);
    }

    static List<String> build(Path java, String classPath, Path tmpDir, String mainClass, ExtractionSettings settings) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xmx" + settings.childHeap());
        command.add("-XX:+ExitOnOutOfMemoryError");
        // One parse at a time in a small heap: the serial collector is enough and starts fastest.
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.awt.headless=true");
        // Tika spools to temporary files; they belong where the service puts its own.
        command.add("-Djava.io.tmpdir=" + tmpDir);
        command.add("-Dlogback.configurationFile=" + LOGBACK_CONFIG);
        command.add("-cp");
        command.add(classPath);
        Optional<Path> bootJar = springBootJar(classPath);
        if (bootJar.isPresent()) {
            // Classes in a Boot fat jar are nested; only Boot's launcher can load them.
            command.add("-Dloader.main=" + mainClass);
            command.add(PROPERTIES_LAUNCHER);
        } else {
            command.add(mainClass);
        }
        command.add(Integer.toString(settings.maxNestingDepth()));
        command.add(settings.ocr() ? Long.toString(settings.ocrMaxPixels()) : "0");
        command.add(Integer.toString(settings.ocrParallel()));
        return command;
    }

    /** The child's environment: the allow-listed variables of {@code parent}, matched ignoring case. */
    static Map<String, String> environment(Map<String, String> parent) {
        Map<String, String> child = new TreeMap<>();
        parent.forEach((name, value) -> {
            if (INHERITED_ENVIRONMENT.contains(name.toUpperCase(Locale.ROOT))) {
                child.put(name, value);
            }
        });
        return child;
    }

    /** The classpath's jar when it is a single Spring Boot executable jar. */
    static Optional<Path> springBootJar(String classPath) {
        if (classPath == null || classPath.isBlank() || classPath.contains(File.pathSeparator)) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath);
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            return main != null && main.startsWith(BOOT_LOADER_PACKAGE) ? Optional.of(jar) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
