package org.kepu.ingestion.extraction;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Builds the command line of an extraction child JVM. */
final class WorkerCommand {

    static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    static final String LOGBACK_CONFIG = "org/kepu/ingestion/extraction/worker-logback.xml";
    private static final String BOOT_LOADER_PACKAGE = "org.springframework.boot.loader.";

    private WorkerCommand() {}

    /** The command for this JVM: same java binary, same classpath or same Spring Boot jar. */
    static List<String> forCurrentJvm(String mainClass, ExtractionSettings settings) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return build(java, System.getProperty("java.class.path"), mainClass, settings);
    }

    static List<String> build(Path java, String classPath, String mainClass, ExtractionSettings settings) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xmx" + settings.childHeap());
        command.add("-XX:+ExitOnOutOfMemoryError");
        // One parse at a time in a small heap: the serial collector is enough and starts fastest.
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.awt.headless=true");
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
        return command;
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
