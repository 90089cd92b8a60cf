package org.kepu.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The Keycloak that integration tests get their tokens from. One per JVM, started on first use and
 * stopped when the JVM exits. It is, in this order: the server at {@code KEPU_KEYCLOAK_URL} (the realms
 * are imported through the admin API with {@code KEPU_KEYCLOAK_ADMIN_USERNAME} and
 * {@code KEPU_KEYCLOAK_ADMIN_PASSWORD} when missing); a container where Docker answers; or a local
 * process from the distribution that the testkit build unpacks into {@code kepu.servers.dir}/keycloak.
 *
 * <p>Two realms are imported. {@value #REALM}: realm roles creator, reviewer, editor, outlet and admin;
 * users alice and bob (creators), rita (reviewer, disciplines physics and medicine in the
 * {@code disciplines} claim), rui, una and cho (reviewers without disciplines, for the authorisation
 * matrix), eddie (editor) and root (admin), each with the password {@code <name>-password}; the public
 * client {@value #CLI_CLIENT} (password grant), the public client {@value #BRIEF_CLIENT} whose access
 * tokens live one second, and the confidential clients {@value #OUTLET_CLIENT} and
 * {@value #OTHER_OUTLET_CLIENT} whose service accounts have the outlet role. {@value #OTHER_REALM}: another
 * issuer with its own keys and a user alice (creator and admin), for tokens kepu must refuse.
 */
public final class KeycloakServer {

    private static final Logger log = LoggerFactory.getLogger(KeycloakServer.class);

    public static final String REALM = "kepu";
    public static final String OTHER_REALM = "kepu-elsewhere";
    public static final String CLI_CLIENT = "kepu-cli";
    public static final String BRIEF_CLIENT = "kepu-cli-brief";
    public static final String OUTLET_CLIENT = "outlet-xinhua";
    public static final String OUTLET_SECRET = "outlet-xinhua-secret";
    public static final String OTHER_OUTLET_CLIENT = "outlet-other";
    public static final String OTHER_OUTLET_SECRET = "outlet-other-secret";

    static final String VERSION = "26.7.3";
    static final String IMAGE = "quay.io/keycloak/keycloak:" + VERSION;
    static final List<String> REALM_FILES = List.of("kepu-realm.json", "kepu-elsewhere-realm.json");
    private static final String RESOURCES = "org/kepu/testkit/keycloak/";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    // Re-building Keycloak for development mode takes 30 s on an idle machine and minutes on a busy
    // one; it happens once, then the built files are reused (see cachedBuild).
    private static final Duration FIRST_BUILD_ALLOWANCE = Duration.ofSeconds(240);
    private static final String HEAP = "-Xms64m -Xmx512m";
    private static final int LOG_TAIL_LINES = 60;
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private static final OncePerJvm<KeycloakServer> SHARED =
            new OncePerJvm<>("kepu-keycloak", KeycloakServer::start, KeycloakServer::stop);

    private final String kind;
    private final String url;
    private final Runnable stopper;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private KeycloakServer(String kind, String url, Runnable stopper) {
        this.kind = kind;
        this.url = url;
        this.stopper = stopper;
    }

    /** The server of this JVM; the first call starts it (up to three minutes, more on a first build). */
    public static KeycloakServer shared() {
        return SHARED.get();
    }

    /** Where the server comes from: {@code environment}, {@code container} or {@code process}. */
    public String kind() {
        return kind;
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String url() {
        return url;
    }

    /** The issuer of the {@value #REALM} realm, what kepu's {@code kepu.auth.issuer-uri} is set to. */
    public String issuerUri() {
        return issuerUri(REALM);
    }

    public String issuerUri(String realm) {
        return url + "/realms/" + realm;
    }

    /** The password every user of the imported realms has. */
    public static String password(String user) {
        return user + "-password";
    }

    /** An access token of the {@value #REALM} realm for a user, by the password grant of {@value #CLI_CLIENT}. */
    public String token(String user, String password) {
        return token(REALM, CLI_CLIENT, user, password);
    }

    /** An access token of any realm and public client with direct access grants. */
    public String token(String realm, String clientId, String user, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", user);
        form.put("password", password);
        return requestToken(realm, form);
    }

    /** A service account's access token of the {@value #REALM} realm, by the client-credentials grant. */
    public String clientToken(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return requestToken(REALM, form);
    }

    private String requestToken(String realm, Map<String, String> form) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(issuerUri(realm) + "/protocol/openid-connect/token"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                        .build());
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("Keycloak gave no token for " + form.get("client_id") + " in realm " + realm
                    + ": " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak at " + url + " does not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Keycloak", e);
        }
    }

    private void stop() {
        try {
            stopper.run();
        } catch (RuntimeException e) {
            log.warn("stopping Keycloak failed", e);
        }
    }

    private static KeycloakServer start() {
        String envUrl = System.getenv("KEPU_KEYCLOAK_URL");
        if (envUrl != null && !envUrl.isBlank()) {
            KeycloakServer server = new KeycloakServer("environment", stripSlash(envUrl), () -> {});
            KeycloakRealms.ensureImported(server.url, server.http);
            log.info("using Keycloak at {} from KEPU_KEYCLOAK_URL", server.url);
            return server;
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

    private static KeycloakServer startContainer() {
        GenericContainer<?> keycloak = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withCommand("start-dev", "--import-realm", "--health-enabled=true")
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakRealms.randomSecret())
                .withExposedPorts(8080, 9000)
                .waitingFor(Wait.forHttp("/health/ready").forPort(9000).withStartupTimeout(START_TIMEOUT));
        for (String file : REALM_FILES) {
            keycloak.withCopyFileToContainer(
                    MountableFile.forClasspathResource(RESOURCES + file), "/opt/keycloak/data/import/" + file);
        }
        keycloak.start();
        String url = "http://" + keycloak.getHost() + ":" + keycloak.getMappedPort(8080);
        log.info("started Keycloak container at {}", url);
        return new KeycloakServer("container", url, keycloak::stop);
    }

    /**
     * A private Keycloak home per run: bin, conf and the small build output are copied, the 170 MB of
     * libraries are linked, so runs never share a database or a build directory.
     */
    private static KeycloakServer startProcess() {
        Path distribution = distribution();
        Instant started = Instant.now();
        try {
            Path home = Files.createTempDirectory("kepu-keycloak-");
            Runnable cleanup = () -> deleteRecursively(home);
            Process process;
            int port;
            Path logFile;
            boolean cached;
            try {
                copyTree(distribution.resolve("bin"), home.resolve("bin"));
                copyTree(distribution.resolve("conf"), home.resolve("conf"));
                copyTree(distribution.resolve("themes"), home.resolve("themes"));
                copyTree(distribution.resolve("providers"), home.resolve("providers"));
                copyTree(distribution.resolve("lib/app"), home.resolve("lib/app"));
                Files.copy(distribution.resolve("lib/quarkus-run.jar"), home.resolve("lib/quarkus-run.jar"));
                Files.createSymbolicLink(
                        home.resolve("lib/lib"), distribution.resolve("lib/lib").toAbsolutePath());
                Path build = cachedBuild(distribution);
                cached = Files.isDirectory(build);
                copyTree(cached ? build : distribution.resolve("lib/quarkus"), home.resolve("lib/quarkus"));
                Path imports = Files.createDirectories(home.resolve("data/import"));
                for (String file : REALM_FILES) {
                    try (InputStream in = resource(file)) {
                        Files.copy(in, imports.resolve(file));
                    }
                }

                port = freePort();
                int management = freePort();
                logFile = Path.of(System.getProperty("java.io.tmpdir"), "keycloak-" + port + ".log");
                ProcessBuilder builder = new ProcessBuilder(
                                "bash",
                                home.resolve("bin/kc.sh").toString(),
                                "start-dev",
                                "--http-host=127.0.0.1",
                                "--http-port=" + port,
                                "--http-management-port=" + management,
                                "--health-enabled=true",
                                "--import-realm")
                        .directory(home.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(logFile.toFile());
                Map<String, String> env = builder.environment();
                env.put("JAVA", javaBinary());
                env.put("JAVA_OPTS_KC_HEAP", HEAP);
                env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
                env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakRealms.randomSecret());
                process = builder.start();
                Process running = process;
                cleanup = () -> {
                    stopProcess(running);
                    deleteRecursively(home);
                };
                String url = "http://127.0.0.1:" + port;
                Duration timeout = cached ? START_TIMEOUT : START_TIMEOUT.plus(FIRST_BUILD_ALLOWANCE);
                awaitReady(url, "http://127.0.0.1:" + management + "/health/ready", process, logFile, timeout);
                if (!cached) {
                    keepBuild(home.resolve("lib/quarkus"), build);
                }
                log.info(
                        "started Keycloak {} at {} in {} s (pid {}, log {})",
                        VERSION,
                        url,
                        Duration.between(started, Instant.now()).toSeconds(),
                        process.pid(),
                        logFile);
                return new KeycloakServer("process", url, cleanup);
            } catch (IOException | RuntimeException e) {
                cleanup.run();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak from " + distribution, e);
        }
    }

    /**
     * {@code kc.sh start-dev} rebuilds the distribution for development mode and writes the result into
     * {@code lib/quarkus}; keeping that result beside the distribution makes every later start skip it.
     */
    private static Path cachedBuild(Path distribution) {
        return distribution.resolveSibling(".kepu-dev-build-" + VERSION);
    }

    private static void keepBuild(Path built, Path cache) {
        try {
            Path staging = Files.createTempDirectory(cache.getParent(), ".kepu-dev-build-staging-");
            copyTree(built, staging.resolve("quarkus"));
            try {
                Files.move(staging.resolve("quarkus"), cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another run kept its build first; both are the same.
                log.debug("Keycloak build already kept at {}", cache, e);
            }
            deleteRecursively(staging);
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot keep the Keycloak development build in {}; the next start rebuilds it", cache, e);
        }
    }

    /** Ready when the management port reports UP and the kepu realm's discovery document is served. */
    private static void awaitReady(String url, String health, Process process, Path logFile, Duration timeout) {
        HttpClient probe = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready; last lines of " + logFile + ":\n" + tail(logFile));
            }
            if (answers(probe, health, "UP")
                    && answers(probe, url + "/realms/" + REALM + "/.well-known/openid-configuration", "issuer")) {
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak was not ready at " + health + " within " + timeout.toSeconds()
                + " s; last lines of " + logFile + ":\n" + tail(logFile));
    }

    private static boolean answers(HttpClient probe, String uri, String expected) {
        try {
            HttpResponse<String> response = probe.send(
                    HttpRequest.newBuilder(URI.create(uri))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains(expected);
        } catch (IOException e) {
            log.trace("Keycloak not answering yet on {}", uri, e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    /**
     * The unpacked distribution: under {@code kepu.servers.dir}/keycloak (set by surefire and failsafe),
     * or under {@code target/servers/keycloak} in a directory above the working directory.
     */
    static Path distribution() {
        String serversDir = System.getProperty("kepu.servers.dir");
        if (serversDir != null && !serversDir.isBlank()) {
            Path found = inServersDir(Path.of(serversDir));
            if (found != null) {
                return found;
            }
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path found = inServersDir(dir.resolve("target").resolve("servers"));
            if (found != null) {
                return found;
            }
        }
        throw new IllegalStateException("no Keycloak: KEPU_KEYCLOAK_URL is not set, Docker does not answer, and "
                + "keycloak-" + VERSION + " was found neither in kepu.servers.dir (" + serversDir
                + ") nor in target/servers above " + System.getProperty("user.dir")
                + "; run ./mvnw -pl testkit install (without -DskipTests) once to unpack it");
    }

    private static Path inServersDir(Path servers) {
        Path home = servers.resolve("keycloak").resolve("keycloak-" + VERSION);
        return Files.isRegularFile(home.resolve("bin/kc.sh")) ? home.toAbsolutePath() : null;
    }

    static InputStream resource(String file) {
        InputStream in = KeycloakServer.class.getClassLoader().getResourceAsStream(RESOURCES + file);
        if (in == null) {
            throw new IllegalStateException("the realm file " + RESOURCES + file + " is missing from the testkit");
        }
        return in;
    }

    private static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
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

    /** SIGTERM reaches kc.sh, which forwards it to Keycloak's JVM; whatever outlives it is killed. */
    private static void stopProcess(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        // The link to the shared libraries is removed, never followed.
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

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }
}
