package org.kepu.review.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.StoredWorks;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Screening;
import org.kepu.review.checks.Severity;
import org.kepu.review.screening.FindingsStore;

class RescreenTest {

    @TempDir
    Path root;

    private StoredWorks stored;
    private FindingsStore findings;
    /** Stands for a myth entry added to the knowledge base. */
    private final AtomicBoolean mythKnown = new AtomicBoolean();

    private Rescreen rescreen;

    @BeforeEach
    void setUp() {
        stored = new StoredWorks(root);
        findings = new FindingsStore(stored.store, stored.clock);
        Screening screening = Screening.builder()
                .addCheck(input -> mythKnown.get()
                        ? List.of(new Finding("myth.speed", Severity.BLOCKER, 0, 2, "光速", "误区", null, null, "m1", null))
                        : List.of())
                .build();
        rescreen = new Rescreen(stored.works, stored.load, screening, findings, stored.clock);
    }

    @Test
    void aWorkInReviewGetsTheNewKnowledgeFindingAndItsReviewersAreToldOnce() {
        stored.registry.register("rita", List.of("physics"));
        Work work = stored.inReview("w1", "alice", StoredWorks.physics());
        findings.storeOnce("w1", work.current(), List::of);

        rescreen.changed("other");
        rescreen.rescreenPending();
        assertThat(stored.eventTypes("w1")).as("nothing new to tell").isEmpty();

        mythKnown.set(true);
        rescreen.changed("m1");
        rescreen.rescreenPending();

        Work after = stored.works.find("w1").orElseThrow();
        assertThat(after.status())
                .as("the reviewer decides what a new blocker means")
                .isEqualTo(WorkStatus.IN_REVIEW);
        assertThat(after.review().findingsOf(1))
                .hasValueSatisfying(s -> assertThat(s.blockers()).isEqualTo(1));
        assertThat(findings.read("w1", 1))
                .hasValueSatisfying(f -> assertThat(f.newFindings()).isEqualTo(1));
        assertThat(stored.eventTypes("w1")).containsExactly(Rescreen.EVENT);
        assertThat(stored.lastEvent("w1", Rescreen.EVENT))
                .containsEntry("newFindings", 1)
                .containsEntry("newBlockers", 1)
                .containsEntry("entries", List.of("m1"))
                .containsEntry("changedEntries", List.of("m1"))
                .containsEntry("blockers", 1);

        rescreen.rescreenPending();
        assertThat(rescreen.rescreen(List.of("m1")))
                .as("the same findings again are not news")
                .isZero();
        assertThat(stored.eventTypes("w1")).hasSize(1);
    }

    @Test
    void onlyTheKnowledgeBasesRulesAreReplaced() {
        assertThat(Rescreen.fromKnowledge(finding("myth.x"))).isTrue();
        assertThat(Rescreen.fromKnowledge(finding("rumour.x"))).isTrue();
        assertThat(Rescreen.fromKnowledge(finding("value.x"))).isTrue();
        assertThat(Rescreen.fromKnowledge(finding("absolute-wording"))).isFalse();
    }

    private static Finding finding(String rule) {
        return new Finding(rule, Severity.WARNING, 0, 1, "x", "m", null, null);
    }
}
