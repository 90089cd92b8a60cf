package org.kepu.review.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Screening;
import org.kepu.review.checks.ScreeningInput;
import org.kepu.review.knowledge.KnowledgeEntry.Draft;
import org.kepu.review.knowledge.KnowledgeEntry.Kind;
import org.kepu.review.knowledge.KnowledgeEntry.Rumour;
import org.kepu.review.knowledge.KnowledgeEntry.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rumours as a reviewer adds them, measured on sentences written before the knowledge base existed
 * ({@code held-out-rumours.json}, never tuned against): each entry is added through the store to a
 * seeded base, and the whole screening reads each sentence. Blocker recall over the asserting sentences
 * is printed; no refuting sentence may be blocked by its entry.
 */
class HeldOutRumourEntriesTest {

    @TempDir
    Path dir;

    @Test
    void newRumourEntriesBlockAssertionsAndNeverRefutations() throws Exception {
        JsonNode file;
        try (InputStream in = getClass().getResourceAsStream("held-out-rumours.json")) {
            file = JsonMapper.builder().build().readTree(in);
        }
        KnowledgeStore store =
                new KnowledgeStore(new FileSystemObjectStore(dir), Clock.systemUTC(), KnowledgeBase.shipped());
        store.seed();
        Map<String, String> ids = new HashMap<>();
        long writing = 0;
        for (JsonNode e : file.path("entries")) {
            Draft draft = new Draft(
                    Kind.RUMOUR,
                    e.path("discipline").asString(),
                    new Source(
                            e.path("source").path("title").asString(),
                            e.path("source").path("url").asString()),
                    null,
                    new Rumour(e.path("claim").asString(), e.path("refutation").asString()),
                    null);
            long started = System.nanoTime();
            ids.put(e.path("key").asString(), store.create(draft, "reviewer").id());
            writing += System.nanoTime() - started;
        }
        // A write checks that every entry still builds, stores them and puts them in force: two builds of
        // the whole base, the shipped entries included.
        System.out.printf(
                Locale.ROOT,
                "held-out rumour entries: %d entries in force, %.0f ms per added entry%n",
                store.base().entries().size(),
                writing / 1e6 / ids.size());
        Screening screening = store.base().into(Screening.builder()).build();

        Map<String, int[]> byLabel = new HashMap<>(); // label -> {sentences, blocked by their entry}
        List<String> blockedRefutations = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (JsonNode s : file.path("sentences")) {
            String label = s.path("label").asString();
            String text = s.path("text").asString();
            String id = ids.get(s.path("entry").asString());
            List<Finding> findings =
                    screening.screen(ScreeningInput.ofText(text)).findings();
            boolean blocked = findings.stream().anyMatch(f -> f.isBlocker() && id.equals(f.entryId()));
            int[] counts = byLabel.computeIfAbsent(label, l -> new int[2]);
            counts[0]++;
            counts[1] += blocked ? 1 : 0;
            if (blocked && label.equals("refute")) {
                blockedRefutations.add(text);
            }
            if (!blocked && label.equals("assert")) {
                missed.add(text);
            }
        }
        int[] asserted = byLabel.get("assert");
        System.out.printf(
                Locale.ROOT,
                "held-out rumour entries: blocker recall %d/%d = %.2f; blocked refute %d/%d, report %d/%d, unrelated %d/%d%n",
                asserted[1],
                asserted[0],
                (double) asserted[1] / asserted[0],
                byLabel.get("refute")[1],
                byLabel.get("refute")[0],
                byLabel.get("report")[1],
                byLabel.get("report")[0],
                byLabel.get("unrelated")[1],
                byLabel.get("unrelated")[0]);
        missed.forEach(t -> System.out.println("  missed: " + t));

        assertThat(byLabel.values().stream().mapToInt(c -> c[0]).sum()).isGreaterThanOrEqualTo(20);
        assertThat(blockedRefutations).as("refutations blocked by their entry").isEmpty();
    }
}
