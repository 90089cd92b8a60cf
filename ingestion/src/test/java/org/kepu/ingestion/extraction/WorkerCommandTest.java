package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {

    private static final String MAIN = ExtractionWorkerMain.class.getName();
    private final ExtractionSettings settings = ExtractionSettings.defaults().withChildHeap("256m");
    private final Path java = Path.of("/opt/jdk/bin/java");
    private final Path tmp = Path.of("/var/tmp/kepu");

    @TempDir
    Path dir;

    @Test
    void runsTheMainClassFromAPlainClasspath() {
        String classPath = "/app/classes" + File.pathSeparator + "/app/lib/tika-core.jar";
        assertThat(WorkerCommand.build(java, classPath, tmp, MAIN, settings))
                .containsExactly(
                        "/opt/jdk/bin/java",
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:+UseSerialGC",
                        "-Djava.awt.headless=true",
                        "-Djava.io.tmpdir=/var/tmp/kepu",
                        "-Dlogback.configurationFile=" + WorkerCommand.LOGBACK_CONFIG,
                        "-cp",
                        classPath,
                        MAIN,
                        "3",
                        "16000000",
                        "1");
    }

    @Test
    void tellsTheChildItsOcrPixelBudgetOrZeroWhenOcrIsOff() {
        assertThat(WorkerCommand.build(java, "/app/classes", tmp, MAIN, settings.withOcr(true, 4_000_000)))
                .endsWith(MAIN, "3", "4000000", "1");
        assertThat(WorkerCommand.build(java, "/app/classes", tmp, MAIN, settings.withOcr(false, 4_000_000)))
                .endsWith(MAIN, "3", "0", "1");
    }

    @Test
    void goesThroughBootsLauncherInsideAFatJar() throws IOException {
        Path fatJar = jar("kepu-api.jar", "org.springframework.boot.loader.launch.PropertiesLauncher");
        assertThat(WorkerCommand.springBootJar(fatJar.toString())).contains(fatJar);
        assertThat(WorkerCommand.build(java, fatJar.toString(), tmp, MAIN, settings))
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
        assertThat(WorkerCommand.build(java, plainJar.toString(), tmp, MAIN, settings))
                .endsWith(MAIN, "3", "16000000", "1");
    }

    @Test
    void theChildInheritsNoSecretsFromTheEnvironment() {
        Map<String, String> parent = new HashMap<>();
        parent.put("KEPU_S3_SECRET_KEY", "s3cr3t");
        parent.put("KEPU_S3_ACCESS_KEY", "kepu");
        parent.put("KEPU_STORE_SECRET_KEY", "s3cr3t");
        parent.put("AWS_SECRET_ACCESS_KEY", "s3cr3t");
        parent.put("AWS_SESSION_TOKEN", "t0ken");
        parent.put("MINIO_ROOT_PASSWORD", "s3cr3t");
        parent.put("SPRING_APPLICATION_JSON", "{\"kepu\":{\"store\":{\"secret-key\":\"s3cr3t\"}}}");
        parent.put("JAVA_TOOL_OPTIONS", "-Dkepu.store.secret-key=s3cr3t");
        parent.put("JDK_JAVA_OPTIONS", "-Dkepu.store.secret-key=s3cr3t");
        parent.put("HOME", "/home/kepu");
        parent.put("PATH", "/usr/bin:/bin");
        parent.put("LANG", "zh_CN.UTF-8");
        parent.put("TZ", "Asia/Shanghai");
        parent.put("SystemRoot", "C:\\Windows");

        assertThat(WorkerCommand.environment(parent))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "PATH", "/usr/bin:/bin",
                        "LANG", "zh_CN.UTF-8",
                        "TZ", "Asia/Shanghai",
                        "SystemRoot", "C:\\Windows"));
    }

    @Test
    void theChildGetsOnlyTheSystemPropertiesNamedForIt() {
        List<String> properties = WorkerCommand.build(java, "/app/classes", tmp, MAIN, settings).stream()
                .filter(argument -> argument.startsWith("-D"))
                .map(argument -> argument.substring(2, argument.indexOf('=')))
                .toList();
        assertThat(properties)
                .containsExactlyInAnyOrder("java.awt.headless", "java.io.tmpdir", "logback.configurationFile");
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
