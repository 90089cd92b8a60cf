package org.kepu.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The Elasticsearch 9 that integration tests talk to. One per JVM, started on first use and stopped
 * when the JVM exits. It is, in this order: the server at {@code KEPU_ES_URL}; a container where Docker
 * answers; or a local process from the integ-test zip that the testkit build unpacks into
 * {@code kepu.servers.dir}/elasticsearch, run on Java 21+ (found under /usr/lib/jvm) as an unprivileged
 * user when the build runs as root, with security off and its data in a temporary directory.
 */
public final class ElasticsearchServer {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchServer.class);

    static final String IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:9.5.3";
    static final String SYSTEM_USER = "kepu-es";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final int LOG_TAIL_LINES = 60;
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(green|yellow|red)\"");

    private static final OncePerJvm<ElasticsearchServer> SHARED =
            new OncePerJvm<>("kepu-es", ElasticsearchServer::start, server -> server.stopper.run());

    private final String kind;
    private final URI url;
    private final Runnable stopper;

    private ElasticsearchServer(String kind, URI url, Runnable stopper) {
        this.kind = kind;
        this.url = url;
        this.stopper = stopper;
    }

    /** The server of this JVM, started on first call. */
    public static ElasticsearchServer shared() {
        return SHARED.get();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI url() {
        return url;
    }

    /** {@code env}, {@code container} or {@code process}. */
    public String kind() {
        return kind;
    }

    private static ElasticsearchServer start() {
        String env = System.getenv("KEPU_ES_URL");
        if (env != null && !env.isBlank()) {
            log.info("using Elasticsearch at {} (KEPU_ES_URL)", env);
            return new ElasticsearchServer("env", URI.create(env.strip()), () -> {});
        }
        if (dockerAnswers()) {
            return startContainer();
        }
        return startProcess();
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("Docker not available", e);
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static ElasticsearchServer startContainer() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withEnv("discovery.type", "single-node")
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
                .withExposedPorts(9200)
                .waitingFor(Wait.forHttp("/_cluster/health").forStatusCode(200))
                .withStartupTimeout(START_TIMEOUT);
        container.start();
        URI url = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(9200));
        log.info("started Elasticsearch container at {}", url);
        return new ElasticsearchServer("container", url, container::stop);
    }

    private static ElasticsearchServer startProcess() {
        Path home = distribution();
        Path javaHome = javaHome(21)
                .orElseThrow(() -> new IllegalStateException(
                        "Elasticsearch needs Java 21 or newer; none found under /usr/lib/jvm or JAVA_HOME"));
        int port = freePort();
        try {
            Path work = Files.createTempDirectory("kepu-es-");
            Path data = Files.createDirectories(work.resolve("data"));
            Path logs = Files.createDirectories(work.resolve("logs"));
            Path tmp = Files.createDirectories(work.resolve("tmp"));
            Path config = work.resolve("config");
            copyTree(home.resolve("config"), config);
            makeExecutable(home.resolve("bin"));
            Path console = work.resolve("console.log");

            List<String> command = new ArrayList<>();
            boolean root = isRoot();
            if (root) {
                String[] ids = systemUser();
                run("chown", "-R", ids[0] + ":" + ids[1], work.toString());
                command.addAll(List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--init-groups"));
            }
            command.addAll(List.of(
                    "bash",
                    home.resolve("bin/elasticsearch").toString(),
                    "-E",
                    "discovery.type=single-node",
                    "-E",
                    "xpack.security.enabled=false",
                    "-E",
                    "network.host=127.0.0.1",
                    "-E",
                    "http.port=" + port,
                    "-E",
                    "transport.port=" + freePort(),
                    "-E",
                    "path.data=" + data,
                    "-E",
                    "path.logs=" + logs,
                    "-E",
                    "cluster.routing.allocation.disk.threshold_enabled=false"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("ES_JAVA_HOME", javaHome.toString());
            environment.remove("JAVA_HOME");
            environment.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
            environment.put("ES_PATH_CONF", config.toString());
            environment.put("ES_TMPDIR", tmp.toString());
            environment.put("HOME", work.toString());
            log.info("starting Elasticsearch from {} on port {} with {}", home, port, javaHome);
            Process process = builder.start();
            Runnable stopper = () -> stop(process, work);
            URI url = URI.create("http://127.0.0.1:" + port);
            try {
                awaitHealthy(url, process, console, logs);
            } catch (RuntimeException e) {
                stopper.run();
                throw e;
            }
            log.info("Elasticsearch is up at {}", url);
            return new ElasticsearchServer("process", url, stopper);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Elasticsearch", e);
        }
    }

    /** The unpacked distribution: {@code kepu.servers.dir}, else {@code target/servers} of the reactor root. */
    static Path distribution() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("kepu.servers.dir");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured).resolve("elasticsearch"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("target/servers/elasticsearch"));
        }
        for (Path candidate : candidates) {
            if (!Files.isDirectory(candidate)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(candidate)) {
                Optional<Path> home = entries.filter(p -> Files.exists(p.resolve("bin/elasticsearch")))
                        .findFirst();
                if (home.isPresent()) {
                    return home.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no unpacked Elasticsearch in " + candidates
                + "; run ./mvnw -B -pl testkit install (without -DskipTests) once to unpack it");
    }

    /** A JDK of at least the given major version: JAVA_HOME first, then /usr/lib/jvm. */
    static Optional<Path> javaHome(int minimum) {
        List<Path> candidates = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            candidates.add(Path.of(javaHome));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> entries = Files.list(jvms)) {
                entries.sorted(Comparator.reverseOrder()).forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream()
                .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> majorVersion(home) >= minimum)
                .max(Comparator.comparingInt(ElasticsearchServer::majorVersion));
    }

    private static int majorVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.exists(release)) {
            return 0;
        }
        try {
            Matcher m =
                    Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release, StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        try {
            return run("id", "-u").strip().equals("0");
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The uid and gid of the unprivileged user that runs Elasticsearch, created when missing. */
    private static String[] systemUser() {
        try {
            run("id", "-u", SYSTEM_USER);
        } catch (IllegalStateException missing) {
            run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER);
        }
        return new String[] {
            run("id", "-u", SYSTEM_USER).strip(), run("id", "-g", SYSTEM_USER).strip()
        };
    }

    private static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command[0], e);
        }
    }

    private static void makeExecutable(Path bin) throws IOException {
        // unpacking may drop the exec bits; the scripts run through bash, but they call each other directly
        try (Stream<Path> files = Files.list(bin)) {
            for (Path file : files.toList()) {
                if (!file.toString().endsWith(".bat") && !Files.isExecutable(file)) {
                    file.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void awaitHealthy(URI url, Process process, Path console, Path logs) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(url.resolve("/_cluster/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with " + process.exitValue() + "\n"
                        + tail(console) + tail(logs.resolve("elasticsearch.log")));
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                Matcher status = STATUS.matcher(response.body());
                if (response.statusCode() == 200
                        && status.find()
                        && !status.group(1).equals("red")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Elasticsearch", e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Elasticsearch", e);
            }
        }
        throw new IllegalStateException("Elasticsearch not healthy within " + START_TIMEOUT.toSeconds() + " s\n"
                + tail(console) + tail(logs.resolve("elasticsearch.log")));
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "--- " + file + "\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()))
                    + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }

    private static void stop(Process process, Path work) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("cannot remove {}", work, e);
        }
    }
}
