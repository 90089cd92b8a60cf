package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {

    private static final String MAIN = ExtractionWorkerMain.class.getName();
    private final ExtractionSettings settings = ExtractionSettings.defaults().withChildHeap("256m");
    private final Path java = Path.of("/opt/jdk/bin/java");

    @TempDir
    Path dir;

    @Test
    void runsTheMainClassFromAPlainClasspath() {
        String classPath = "/app/classes" + File.pathSeparator + "/app/lib/tika-core.jar";
        assertThat(WorkerCommand.build(java, classPath, MAIN, settings))
                .containsExactly(
                        "/opt/jdk/bin/java",
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:+UseSerialGC",
                        "-Djava.awt.headless=true",
                        "-Dlogback.configurationFile=" + WorkerCommand.LOGBACK_CONFIG,
                        "-cp",
                        classPath,
                        MAIN,
                        "3");
    }

    @Test
    void goesThroughBootsLauncherInsideAFatJar() throws IOException {
        Path fatJar = jar("kepu-api.jar", "org.springframework.boot.loader.launch.PropertiesLauncher");
        assertThat(WorkerCommand.springBootJar(fatJar.toString())).contains(fatJar);
        assertThat(WorkerCommand.build(java, fatJar.toString(), MAIN, settings))
                .containsSubsequence(
                        "-cp",
                        fatJar.toString(),
                        "-Dloader.main=" + MAIN,
                        "org.springframework.boot.loader.launch.PropertiesLauncher",
                        "3")
                .doesNotContain(MAIN);
    }

    @Test
    void treatsOtherJarsAsAPlainClasspath() throws IOException {
        Path plainJar = jar("tool.jar", "com.example.Main");
        assertThat(WorkerCommand.springBootJar(plainJar.toString())).isEmpty();
        assertThat(WorkerCommand.springBootJar(dir.resolve("missing.jar").toString()))
                .isEmpty();
        assertThat(WorkerCommand.springBootJar(plainJar + File.pathSeparator + "/other.jar"))
                .isEmpty();
        assertThat(WorkerCommand.build(java, plainJar.toString(), MAIN, settings))
                .endsWith(MAIN, "3");
    }

    private Path jar(String name, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
