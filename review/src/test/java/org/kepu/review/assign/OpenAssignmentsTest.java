package org.kepu.review.assign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.Review.Assignment;
import org.kepu.ingestion.work.Work;
import org.kepu.review.StoredWorks;
import org.kepu.review.audit.AuditEvent;

class OpenAssignmentsTest {

    @TempDir
    Path root;

    private StoredWorks stored;
    private OpenAssignments open;

    @BeforeEach
    void setUp() {
        stored = new StoredWorks(root);
        open = new OpenAssignments(stored.works, stored.load, stored.flow, stored.clock);
    }

    @Test
    void aReviewerRegisteredLaterGetsTheWorkShortOfReviewersOnceWithItsEvent() {
        stored.registry.register("dora", List.of("医学"));
        Work shortOfOne = stored.inReview("w1", "alice", StoredWorks.health());
        assertThat(shortOfOne.review().assignments())
                .extracting(Assignment::reviewer)
                .containsExactly("dora");
        assertThat(open.offer()).as("nobody else may review it yet").isZero();

        stored.registry.register("nina", List.of("健康"));
        stored.clock.advance(Duration.ofMinutes(1));
        assertThat(open.offer()).isEqualTo(1);
        assertThat(open.offer())
                .as("a second round finds nothing left to offer")
                .isZero();

        Work after = stored.works.find("w1").orElseThrow();
        assertThat(after.review().assignments())
                .extracting(Assignment::reviewer)
                .containsExactly("dora", "nina");
        assertThat(stored.lastEvent("w1", AuditEvent.ASSIGNMENT))
                .containsEntry("reviewers", List.of("nina"))
                .containsEntry("requiredApprovals", 2);
        assertThat(stored.audit.events("w1"))
                .filteredOn(e -> e.type().equals(AuditEvent.ASSIGNMENT))
                .singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(AuditEvent.SYSTEM));
    }

    @Test
    void openWorksAreSpreadOverTheReviewersRatherThanAllGivenToOne() {
        stored.inReview("w1", "alice", StoredWorks.physics());
        stored.inReview("w2", "alice", StoredWorks.physics());
        stored.registry.register("rita", List.of("physics"));
        stored.registry.register("paul", List.of("physics"));

        assertThat(open.offer()).isEqualTo(2);

        assertThat(ReviewerLoad.load(stored.load.inReview()))
                .containsEntry("rita", 1)
                .containsEntry("paul", 1);
    }
}
