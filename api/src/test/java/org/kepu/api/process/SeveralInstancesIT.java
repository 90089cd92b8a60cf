package org.kepu.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.api.Samples;
import org.kepu.testkit.ElasticsearchServer;
import org.kepu.testkit.S3Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three kepu processes on one S3 bucket and one Elasticsearch index, as a deployment runs them: uploads,
 * reviews, scheduled publications and retractions go to any of them, and one is killed with SIGKILL in
 * the middle and started again. Every instance accepts the others' tokens (the development issuer keeps
 * its key in the bucket). Afterwards nothing was lost or done twice, and all three answer alike.
 */
class SeveralInstancesIT {

    private static final Logger log = LoggerFactory.getLogger(SeveralInstancesIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Quick to start on two busy cores: little JIT work and one GC thread. */
    private static final List<String> OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Duration START = Duration.ofMinutes(5);
    private static final String CHANNEL = "kepu";
    private static final String TOPIC = "物理";
    private static final int FIRST_BATCH = 9;
    private static final int SECOND_BATCH = 6;
    /** Distinct sentences, so that the duplicate check does not send works back to their creators. */
    private static final List<String> FACTS = List.of(
            "光在真空中的速度约为每秒三十万公里，是宇宙中信息传播的速度上限。",
            "水在一个标准大气压下于一百摄氏度沸腾，海拔越高沸点越低。",
            "地球绕太阳公转一周约需三百六十五天，自转一周约需二十四小时。",
            "声音在空气中的传播速度约为每秒三百四十米，在水中更快。",
            "月球表面的重力约为地球的六分之一，所以宇航员能跳得很高。",
            "彩虹是阳光在雨滴中折射和反射形成的，红色总在外侧。",
            "磁铁的同极相斥、异极相吸，指南针正是利用了地磁场。",
            "冰的密度比水小，所以冰会浮在水面上，保护了水下的鱼。",
            "闪电的温度可以达到三万摄氏度，比太阳表面还要热。",
            "电流通过导体时会产生热量，电热水壶就是利用这个原理。",
            "杠杆省力的秘密在于力臂，动力臂越长越省力。",
            "天空呈蓝色是因为大气对短波长的蓝光散射得更多。",
            "物体下落的快慢与质量无关，这是伽利略在比萨斜塔的著名论断。",
            "温度计里的液体受热膨胀，所以能显示温度的高低。",
            "太阳能电池把光能直接转化为电能，不产生任何噪声。",
            "镜子成像左右相反，是因为光的反射遵循反射定律。",
            "潮汐主要由月球的引力引起，每天大约涨落两次。",
            "超导体在极低温度下电阻为零，可以用来制造强磁体。",
            "气球摩擦头发后带上静电，能吸起小纸屑。",
            "音叉振动得越快，发出的声音音调越高。");

    @TempDir
    Path dirs;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Random random = new Random(20261207);
    private final KepuProcess[] kepu = new KepuProcess[3];
    /** The instance that is down, or -1; clients are not sent there meanwhile. */
    private volatile int down = -1;

    @Test
    void threeInstancesOnOneBucketLoseNothingDoNothingTwiceAndAnswerAlike() throws Exception {
        long started = System.nanoTime();
        S3Server s3 = S3Server.shared();
        String esUrl = ElasticsearchServer.shared().url().toString();
        String bucket = s3.newBucketName(SeveralInstancesIT.class);
        String index = "kepu-several-" + Long.toHexString(System.nanoTime());
        List<String> args = List.of(
                "--kepu.store.type=s3",
                "--kepu.store.endpoint=" + s3.endpoint(),
                "--kepu.store.access-key=" + s3.accessKey(),
                "--kepu.store.secret-key=" + s3.secretKey(),
                "--kepu.store.bucket=" + bucket,
                "--kepu.search.type=elasticsearch",
                "--kepu.search.url=" + esUrl,
                "--kepu.search.index=" + index,
                "--kepu.auth.dev-issuer.enabled=true",
                "--kepu.extraction.workers=1",
                "--kepu.extraction.timeout=10s",
                "--kepu.extraction.sweep-interval=2s");
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            // The first creates the bucket and the issuer key; the other two start together.
            kepu[0] = new KepuProcess(dirs.resolve("k0"), OPTIONS, args).start();
            Future<KepuProcess> second =
                    clients.submit(() -> new KepuProcess(dirs.resolve("k1"), OPTIONS, args).start());
            Future<KepuProcess> third =
                    clients.submit(() -> new KepuProcess(dirs.resolve("k2"), OPTIONS, args).start());
            kepu[1] = second.get(180, TimeUnit.SECONDS);
            kepu[2] = third.get(180, TimeUnit.SECONDS);
            log.info("three instances up after {} s", seconds(started));

            // Tokens from different instances, each used on all of them.
            String admin = kepu[0].token("adam", "admin");
            String editor = kepu[1].token("ed", "editor");
            String alice = kepu[2].token("alice", "creator");
            Map<String, String> reviewers = Map.of(
                    "rita", kepu[0].token("rita", "reviewer"),
                    "ruth", kepu[1].token("ruth", "reviewer"));
            send(any(), admin, "PUT", "/api/v1/channels/" + CHANNEL, "{\"title\":\"科普\",\"outlets\":[]}", 200, 201);
            for (String reviewer : reviewers.keySet()) {
                send(
                        any(),
                        admin,
                        "PUT",
                        "/api/v1/reviewers/" + reviewer,
                        "{\"disciplines\":[\"" + TOPIC + "\"],\"conflicts\":[]}",
                        200);
            }

            Map<String, String> uploaded = new ConcurrentHashMap<>();
            upload(clients, alice, 0, FIRST_BATCH, uploaded);
            // Extractions are under way everywhere: one instance dies without a chance to clean up.
            down = 2;
            kepu[2].kill9();
            log.info("instance 2 killed after {} uploads, at {} s", uploaded.size(), seconds(started));
            upload(clients, alice, FIRST_BATCH, FIRST_BATCH + SECOND_BATCH, uploaded);
            kepu[2] = new KepuProcess(dirs.resolve("k2"), OPTIONS, args);
            kepu[2].start(START);
            down = -1;
            log.info("instance 2 back at {} s", seconds(started));
            assertThat(uploaded).hasSize(FIRST_BATCH + SECOND_BATCH);

            Map<String, JsonNode> settled = new HashMap<>();
            for (String id : uploaded.keySet()) {
                settled.put(id, awaitWork(admin, id, w -> !status(w).equals("PROCESSING"), Duration.ofSeconds(150)));
            }
            log.info("all extracted and screened at {} s", seconds(started));

            // Each reviewer takes on work on some instance and decides there or on another one.
            Set<String> decided = ConcurrentHashMap.newKeySet();
            List<Future<?>> decisions = new ArrayList<>();
            for (Map.Entry<String, String> reviewer : reviewers.entrySet()) {
                JsonNode queue =
                        JSON.readTree(send(any(), reviewer.getValue(), "POST", "/api/v1/review/queue", null, 200));
                for (JsonNode item : queue) {
                    String id = item.get("id").asString();
                    String body = "{\"version\":" + item.get("version").asInt() + ",\"digest\":\""
                            + item.get("digest").asString() + "\",\"decision\":\"APPROVE\",\"summary\":\"准确\","
                            + "\"comments\":[]}";
                    decisions.add(clients.submit(() -> {
                        send(any(), reviewer.getValue(), "POST", "/api/v1/works/" + id + "/reviews", body, 201);
                        decided.add(id);
                        return null;
                    }));
                }
            }
            for (Future<?> decision : decisions) {
                decision.get(60, TimeUnit.SECONDS);
            }
            List<String> inReview = settled.entrySet().stream()
                    .filter(e -> status(e.getValue()).equals("IN_REVIEW"))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            assertThat(decided).containsExactlyInAnyOrderElementsOf(inReview);
            assertThat(inReview).as("works that reached review").hasSizeGreaterThanOrEqualTo(8);
            for (String id : inReview) {
                awaitWork(admin, id, w -> status(w).equals("APPROVED"), Duration.ofSeconds(30));
            }

            // Half are scheduled a few seconds ahead, the rest published now; some of those are retracted.
            List<String> scheduled = new ArrayList<>();
            List<String> publishedNow = new ArrayList<>();
            List<Future<?>> publications = new ArrayList<>();
            Instant at = Instant.now().plusSeconds(6);
            for (int i = 0; i < inReview.size(); i++) {
                String id = inReview.get(i);
                boolean later = i % 2 == 0;
                (later ? scheduled : publishedNow).add(id);
                String body =
                        "{\"channels\":[\"" + CHANNEL + "\"]" + (later ? ",\"publishAt\":\"" + at + "\"" : "") + "}";
                publications.add(clients.submit(
                        () -> send(any(), editor, "POST", "/api/v1/works/" + id + "/publication", body, 200)));
            }
            for (Future<?> publication : publications) {
                publication.get(60, TimeUnit.SECONDS);
            }
            List<String> retracted = publishedNow.subList(0, Math.min(3, publishedNow.size()));
            for (String id : retracted) {
                send(any(), editor, "POST", "/api/v1/works/" + id + "/retraction", "{\"reason\":\"数据有误\"}", 200);
            }
            for (String id : scheduled) {
                awaitWork(admin, id, w -> status(w).equals("PUBLISHED"), Duration.ofSeconds(60));
            }
            log.info("scheduled publications carried out at {} s", seconds(started));

            // Every accepted upload is whole, on every instance.
            for (Map.Entry<String, String> upload : uploaded.entrySet()) {
                for (KepuProcess instance : kepu) {
                    HttpResponse<byte[]> file = Uploads.get(
                            http, instance.uri("/api/v1/works/" + upload.getKey() + "/versions/1/file"), admin);
                    assertThat(file.statusCode()).isEqualTo(200);
                    assertThat(Samples.sha256(file.body())).as(upload.getKey()).isEqualTo(upload.getValue());
                }
            }

            Set<String> live = new TreeSet<>(publishedNow);
            live.removeAll(retracted);
            live.addAll(scheduled);
            for (String id : uploaded.keySet()) {
                JsonNode work = work(any(), admin, id);
                List<JsonNode> events = events(admin, id);
                String status = status(work);
                assertThat(count(events, "extraction", 1))
                        .as("extractions of %s v1", id)
                        .isEqualTo(1);
                if (!status.equals("FAILED")) {
                    assertThat(count(events, "findings", 1))
                            .as("screenings of %s v1", id)
                            .isEqualTo(1);
                }
                if (inReview.contains(id)) {
                    // every decision kept: the manifest and the trail both hold each assignee's approval
                    int assignees = work.path("review").path("assignments").size();
                    assertThat(work.path("review").path("decisions").size())
                            .as("decisions on %s", id)
                            .isEqualTo(assignees);
                    assertThat(count(events, "decision", 1)).isEqualTo(assignees);
                }
                if (scheduled.contains(id)) {
                    long carriedOut = events.stream()
                            .filter(e -> e.path("type").asString().equals("publication"))
                            .filter(e ->
                                    e.path("data").path("status").asString().equals("PUBLISHED"))
                            .count();
                    assertThat(carriedOut)
                            .as("scheduled publication of %s carried out", id)
                            .isEqualTo(1);
                    assertThat(status).isEqualTo("PUBLISHED");
                }
                if (retracted.contains(id)) {
                    assertThat(status).isEqualTo("RETRACTED");
                    assertThat(count(events, "retraction", 1)).isEqualTo(1);
                } else if (live.contains(id)) {
                    assertThat(status).isEqualTo("PUBLISHED");
                }
                for (KepuProcess instance : kepu) {
                    JsonNode verified = JSON.readTree(
                            send(instance, admin, "GET", "/api/v1/works/" + id + "/audit/verify", null, 200));
                    assertThat(verified.path("valid").asBoolean())
                            .as("audit chain of %s: %s", id, verified)
                            .isTrue();
                }
            }

            // The same search and the same feed from all three, once the index has caught up.
            awaitAlike(
                    admin,
                    "/api/v1/search?q=" + java.net.URLEncoder.encode("光", StandardCharsets.UTF_8) + "&size=50",
                    ids -> !ids.isEmpty());
            Set<String> feed = awaitAlike(admin, "/feeds/" + CHANNEL + ".atom", ids -> ids.containsAll(live));
            // retracted works stay in the feed as tombstones for outlets, so only the live ones are required
            assertThat(feed).containsAll(live);
            log.info("done in {} s", seconds(started));
        } finally {
            clients.shutdownNow();
            for (KepuProcess instance : kepu) {
                if (instance != null) {
                    instance.close();
                }
            }
        }
    }

    private void upload(ExecutorService clients, String creator, int from, int to, Map<String, String> uploaded)
            throws Exception {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int n = i;
            KepuProcess target = any();
            Callable<Void> send = () -> {
                String fileName;
                byte[] file;
                String text = FACTS.get(n % FACTS.size()) + FACTS.get((n * 7 + 3) % FACTS.size()) + "第" + n + "篇。";
                switch (n % 3) {
                    case 0 -> {
                        fileName = "w" + n + ".md";
                        file = ("# 科学小知识" + n + "\n\n" + text + "\n").getBytes(StandardCharsets.UTF_8);
                    }
                    case 1 -> {
                        fileName = "w" + n + ".txt";
                        file = ("科学小知识" + n + "\n" + text + "\n").getBytes(StandardCharsets.UTF_8);
                    }
                    default -> {
                        fileName = "w" + n + ".docx";
                        file = Samples.docx("科学小知识" + n, text);
                    }
                }
                String metadata = "{\"title\":\"科学小知识" + n + "\",\"kind\":\"article\",\"topics\":[\"" + TOPIC
                        + "\"],\"license\":\"CC BY 4.0\",\"references\":[\"《物理学》\"]}";
                HttpResponse<String> response = Uploads.post(
                        http,
                        target.uri("/api/v1/works"),
                        creator,
                        metadata,
                        fileName,
                        () -> new java.io.ByteArrayInputStream(file));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                uploaded.put(JSON.readTree(response.body()).get("id").asString(), Samples.sha256(file));
                return null;
            };
            sent.add(clients.submit(send));
        }
        for (Future<?> upload : sent) {
            upload.get(120, TimeUnit.SECONDS);
        }
    }

    /** Polls the three until they answer the same ids and {@code enough} holds; returns those ids. */
    private Set<String> awaitAlike(String token, String path, java.util.function.Predicate<Set<String>> enough)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        List<Set<String>> answers;
        while (true) {
            answers = new ArrayList<>();
            for (KepuProcess instance : kepu) {
                answers.add(ids(send(instance, token, "GET", path, null, 200)));
            }
            boolean same =
                    answers.get(0).equals(answers.get(1)) && answers.get(1).equals(answers.get(2));
            if ((same && enough.test(answers.get(0))) || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(answers.get(1)).as(path).isEqualTo(answers.get(0));
        assertThat(answers.get(2)).as(path).isEqualTo(answers.get(0));
        return answers.get(0);
    }

    private JsonNode awaitWork(String token, String id, java.util.function.Predicate<JsonNode> done, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode work = work(any(), token, id);
        while (!done.test(work) && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            work = work(any(), token, id);
        }
        assertThat(done.test(work)).as("work %s: %s", id, work).isTrue();
        return work;
    }

    private JsonNode work(KepuProcess instance, String token, String id) throws Exception {
        return JSON.readTree(send(instance, token, "GET", "/api/v1/works/" + id, null, 200));
    }

    private List<JsonNode> events(String token, String id) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(any().uri("/api/v1/works/" + id + "/events"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(response.body()).forEach(events::add);
        return events;
    }

    private static long count(List<JsonNode> events, String type, int version) {
        return events.stream()
                .filter(e -> e.path("type").asString().equals(type))
                .filter(e -> e.path("version").asInt() == version)
                .count();
    }

    private static String status(JsonNode work) {
        return work.path("status").asString();
    }

    /** One of the three at random: clients behind a load balancer land anywhere. */
    private KepuProcess any() {
        synchronized (random) {
            while (true) {
                int i = random.nextInt(kepu.length);
                if (i != down) {
                    return kepu[i];
                }
            }
        }
    }

    private String send(KepuProcess instance, String token, String method, String path, String body, int... expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(instance.uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        List<Integer> accepted = java.util.Arrays.stream(expected).boxed().toList();
        assertThat(accepted)
                .as(method + " " + path + " → " + response.statusCode() + " " + response.body())
                .contains(response.statusCode());
        return response.body();
    }

    private static Set<String> ids(String body) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = UUID.matcher(body);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }
}
