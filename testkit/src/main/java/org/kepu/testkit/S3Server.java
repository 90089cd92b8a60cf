package org.kepu.testkit;

import java.io.IOException;
import java.io.OutputStream;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The S3 server (with conditional writes) that integration tests talk to. One per JVM, started on first
 * use and stopped when the JVM exits. It is, in this order: the server named by {@code KEPU_S3_ENDPOINT},
 * {@code KEPU_S3_ACCESS_KEY} and {@code KEPU_S3_SECRET_KEY}; a MinIO container where Docker answers; or
 * an S3Proxy process on 127.0.0.1 started from the jar that the testkit build copies into
 * {@code kepu.servers.dir}.
 */
public final class S3Server {

    private static final Logger log = LoggerFactory.getLogger(S3Server.class);

    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";
    static final String S3PROXY_JAR = "s3proxy.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 40;

    private static final OncePerJvm<S3Server> SHARED =
            new OncePerJvm<>("kepu-s3-server", S3Server::start, S3Server::stop);

    private final String kind;
    private final String endpoint;
    /** Where the server itself listens; for S3Proxy, behind the relay that {@link #endpoint} names. */
    private final String serverEndpoint;

    private final String accessKey;
    private final String secretKey;
    private final Runnable stopper;
    private final AtomicInteger buckets = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    private S3Server(String kind, String endpoint, String accessKey, String secretKey, Runnable stopper) {
        this(kind, endpoint, endpoint, accessKey, secretKey, stopper);
    }

    private S3Server(
            String kind, String endpoint, String serverEndpoint, String accessKey, String secretKey, Runnable stopper) {
        this.kind = kind;
        this.endpoint = endpoint;
        this.serverEndpoint = serverEndpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.stopper = stopper;
    }

    /** The server shared by every test in this JVM; the first call starts it (up to a minute). */
    public static S3Server shared() {
        return SHARED.get();
    }

    /**
     * {@code http://host:port}, for path-style S3 clients in region us-east-1. For S3Proxy this is a
     * {@link ConditionalWriteRelay}, so that compare-and-set is atomic as on MinIO and AWS S3.
     */
    public String endpoint() {
        return endpoint;
    }

    /** The server without the relay, to show what the relay fixes. */
    String serverEndpoint() {
        return serverEndpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Where the server comes from: {@code environment}, {@code container} or {@code process}. */
    public String kind() {
        return kind;
    }

    /**
     * A bucket name no other test uses, even on a long-lived server from the environment. The bucket is
     * not created: the code under test creates it.
     */
    public String newBucketName(Class<?> testClass) {
        return newBucketName(testClass.getSimpleName());
    }

    public String newBucketName(String hint) {
        String cleaned =
                hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (cleaned.length() > 30) {
            cleaned = cleaned.substring(0, 30).replaceAll("-+$", "");
        }
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        return "kepu-" + (cleaned.isEmpty() ? "test" : cleaned) + "-" + buckets.incrementAndGet() + "-"
                + HexFormat.of().formatHex(suffix);
    }

    private void stop() {
        try {
            stopper.run();
        } catch (RuntimeException e) {
            log.warn("stopping the S3 server failed", e);
        }
    }

    private static S3Server start() {
        String envEndpoint = System.getenv("KEPU_S3_ENDPOINT");
        if (envEndpoint != null && !envEndpoint.isBlank()) {
            String access = requireEnv("KEPU_S3_ACCESS_KEY");
            String secret = requireEnv("KEPU_S3_SECRET_KEY");
            log.info("using the S3 server at {} from KEPU_S3_ENDPOINT", envEndpoint);
            return new S3Server("environment", stripSlash(envEndpoint), access, secret, () -> {});
        }
        if (dockerAvailable()) {
            return startContainer();
        }
        return startProcess();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("Docker is not usable", e);
            return false;
        }
    }

    private static S3Server startContainer() {
        String access = "kepu-" + randomHex(4);
        String secret = randomHex(20);
        GenericContainer<?> minio = new GenericContainer<>(DockerImageName.parse(MINIO_IMAGE))
                .withCommand("server", "/data")
                .withEnv("MINIO_ROOT_USER", access)
                .withEnv("MINIO_ROOT_PASSWORD", secret)
                .withExposedPorts(9000)
                .waitingFor(Wait.forHttp("/minio/health/live").forPort(9000).withStartupTimeout(START_TIMEOUT));
        minio.start();
        String endpoint = "http://" + minio.getHost() + ":" + minio.getMappedPort(9000);
        log.info("started MinIO container at {}", endpoint);
        return new S3Server("container", endpoint, access, secret, minio::stop);
    }

    private static S3Server startProcess() {
        Path jar = locateS3ProxyJar();
        String access = "kepu-" + randomHex(4);
        String secret = randomHex(20);
        try {
            Path work = Files.createTempDirectory("kepu-s3proxy-");
            Path data = Files.createDirectories(work.resolve("data"));
            int port = freePort();
            String endpoint = "http://127.0.0.1:" + port;

            Properties properties = new Properties();
            properties.setProperty("s3proxy.endpoint", endpoint);
            properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            properties.setProperty("s3proxy.identity", access);
            properties.setProperty("s3proxy.credential", secret);
            properties.setProperty("jclouds.provider", "filesystem");
            properties.setProperty("jclouds.filesystem.basedir", data.toString());
            Path propertiesFile = work.resolve("s3proxy.properties");
            try (OutputStream out = Files.newOutputStream(propertiesFile)) {
                properties.store(out, "written by the kepu test harness");
            }

            Path logDir = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target"));
            Path logFile = logDir.resolve("s3proxy-" + port + ".log");
            Process process = new ProcessBuilder(
                            javaBinary(), "-Xmx512m", "-jar", jar.toString(), "--properties", propertiesFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            Runnable stopper = () -> {
                stopProcess(process);
                deleteRecursively(work);
            };
            try {
                awaitReady(endpoint, process, logFile);
            } catch (RuntimeException e) {
                stopper.run();
                throw e;
            }
            ConditionalWriteRelay relay = ConditionalWriteRelay.to(URI.create(endpoint));
            log.info(
                    "started S3Proxy at {} behind the conditional-write relay {} (pid {}, log {})",
                    endpoint,
                    relay.uri(),
                    process.pid(),
                    logFile);
            return new S3Server("process", relay.uri().toString(), endpoint, access, secret, () -> {
                relay.close();
                stopper.run();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy from " + jar, e);
        }
    }

    /** An unsigned {@code GET /} answers 403 once S3Proxy serves requests. */
    private static void awaitReady(String endpoint, Process process, Path logFile) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with code " + process.exitValue()
                        + " before it was ready; last lines of " + logFile + ":\n" + tail(logFile));
            }
            try {
                int status =
                        http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 403) {
                    return;
                }
            } catch (IOException e) {
                log.trace("S3Proxy not answering yet", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("S3Proxy did not answer on " + endpoint + " within " + START_TIMEOUT.toSeconds()
                + " s; last lines of " + logFile + ":\n" + tail(logFile));
    }

    /**
     * The jar that the testkit build copies: {@code kepu.servers.dir} (set by surefire and failsafe), or
     * {@code target/servers} in a directory above the working directory (the reactor root).
     */
    static Path locateS3ProxyJar() {
        String serversDir = System.getProperty("kepu.servers.dir");
        if (serversDir != null && !serversDir.isBlank()) {
            Path jar = Path.of(serversDir, S3PROXY_JAR);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("target").resolve("servers").resolve(S3PROXY_JAR);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("no S3 server: KEPU_S3_ENDPOINT is not set, Docker does not answer, and "
                + S3PROXY_JAR + " was found neither in kepu.servers.dir (" + serversDir
                + ") nor in target/servers above " + System.getProperty("user.dir")
                + "; run ./mvnw -pl testkit generate-resources to fetch it");
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() ->
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void stopProcess(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("cannot delete {}", dir, e);
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static String requireEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("KEPU_S3_ENDPOINT is set but " + name + " is not");
        }
        return value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
        }
    }
}
