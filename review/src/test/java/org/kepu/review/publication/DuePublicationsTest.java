package org.kepu.review.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.work.Review.Verdict;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.StoredWorks;
import org.kepu.review.assign.Reviewer;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.lifecycle.DecisionRequest;

class DuePublicationsTest {

    @TempDir
    Path root;

    private StoredWorks stored;
    private DuePublications due;

    @BeforeEach
    void setUp() {
        stored = new StoredWorks(root);
        due = new DuePublications(stored.works, stored.flow, stored.clock);
    }

    @Test
    void aScheduledWorkIsPublishedOnceWhenDueWithItsEvent() {
        Instant at = scheduled("w1", Duration.ofHours(2));
        assertThat(due.publishDue()).as("not due yet").isZero();
        assertThat(stored.works.find("w1").orElseThrow().status()).isEqualTo(WorkStatus.SCHEDULED);

        stored.clock.advance(Duration.ofHours(2));
        assertThat(due.publishDue()).isEqualTo(1);
        assertThat(due.publishDue()).as("published already").isZero();
        assertThat(due.publishIfDue("w1")).isFalse();

        Work published = stored.works.find("w1").orElseThrow();
        assertThat(published.status()).isEqualTo(WorkStatus.PUBLISHED);
        assertThat(stored.eventTypes("w1")).containsExactly(AuditEvent.PUBLICATION);
        assertThat(stored.lastEvent("w1", AuditEvent.PUBLICATION))
                .containsEntry("channels", List.of("web"))
                .containsEntry("status", "PUBLISHED")
                .containsEntry("digest", published.current().digest())
                .containsEntry("scheduledFor", at.toString());
    }

    @Test
    void aReminderBeforeTheMomentPublishesNothing() {
        scheduled("w1", Duration.ofMinutes(5));
        assertThat(due.publishIfDue("w1")).isFalse();
        assertThat(due.publishIfDue("missing")).as("a work that is gone").isFalse();
        stored.clock.advance(Duration.ofMinutes(5));
        assertThat(due.publishIfDue("w1")).isTrue();
    }

    /** An approved physics work scheduled for {@code in} from now; returns the moment. */
    private Instant scheduled(String id, Duration in) {
        Reviewer rita = stored.registry.register("rita", List.of("physics"));
        stored.inReview(id, "alice", StoredWorks.physics());
        Instant now = stored.clock.instant();
        Instant at = now.plus(in);
        stored.works.update(id, w -> {
            Work approved = stored.flow.decide(
                    w, rita, new DecisionRequest(1, w.current().digest(), Verdict.APPROVE, "准确", List.of()), now);
            return stored.flow.publish(approved, "ed", List.of("web"), at, now);
        });
        return at;
    }
}
