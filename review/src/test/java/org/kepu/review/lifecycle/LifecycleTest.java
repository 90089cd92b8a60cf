package org.kepu.review.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.lifecycle.Lifecycle.Event;

class LifecycleTest {

    @Test
    void theHappyPathLeadsFromUploadToPublicationAndRetraction() {
        WorkStatus s = WorkStatus.PROCESSING;
        s = Lifecycle.next(s, Event.SCREENED_CLEAN);
        assertThat(s).isEqualTo(WorkStatus.IN_REVIEW);
        s = Lifecycle.next(s, Event.APPROVE_PARTIALLY);
        assertThat(s).isEqualTo(WorkStatus.IN_REVIEW);
        s = Lifecycle.next(s, Event.APPROVE);
        assertThat(s).isEqualTo(WorkStatus.APPROVED);
        s = Lifecycle.next(s, Event.SCHEDULE);
        assertThat(s).isEqualTo(WorkStatus.SCHEDULED);
        s = Lifecycle.next(s, Event.PUBLISH_SCHEDULED);
        assertThat(s).isEqualTo(WorkStatus.PUBLISHED);
        s = Lifecycle.next(s, Event.RETRACT);
        assertThat(s).isEqualTo(WorkStatus.RETRACTED);
    }

    @Test
    void blockersAndReviewersSendWorkBackToItsCreatorWhoMayUploadAgain() {
        assertThat(Lifecycle.next(WorkStatus.PROCESSING, Event.SCREENED_WITH_BLOCKERS))
                .isEqualTo(WorkStatus.CHANGES_REQUESTED);
        assertThat(Lifecycle.next(WorkStatus.IN_REVIEW, Event.REQUEST_CHANGES)).isEqualTo(WorkStatus.CHANGES_REQUESTED);
        assertThat(Lifecycle.next(WorkStatus.IN_REVIEW, Event.REJECT)).isEqualTo(WorkStatus.REJECTED);
        assertThat(Lifecycle.next(WorkStatus.PROCESSING, Event.EXTRACTION_FAILED))
                .isEqualTo(WorkStatus.FAILED);
        for (WorkStatus s : EnumSet.complementOf(EnumSet.of(WorkStatus.RETRACTED))) {
            assertThat(Lifecycle.next(s, Event.NEW_VERSION))
                    .as("new version from %s", s)
                    .isEqualTo(WorkStatus.PROCESSING);
        }
    }

    @Test
    void anEventThatDoesNotFitTheStatusIsRefusedNamingTheCurrentStatus() {
        assertThatThrownBy(() -> Lifecycle.next(WorkStatus.RETRACTED, Event.NEW_VERSION))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.current()).isEqualTo(WorkStatus.RETRACTED);
                    assertThat(e.kind()).isEqualTo(ReviewException.Kind.CONFLICT);
                    assertThat(e.details()).containsEntry("currentStatus", "RETRACTED");
                });
        assertThatThrownBy(() -> Lifecycle.next(WorkStatus.IN_REVIEW, Event.PUBLISH))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> Lifecycle.next(WorkStatus.APPROVED, Event.APPROVE))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> Lifecycle.next(WorkStatus.APPROVED, Event.RETRACT))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void onlyPublishedOrScheduledWorksCanBeRetractedAndOnlyApprovedOnesPublished() {
        for (WorkStatus s : WorkStatus.values()) {
            assertThat(Lifecycle.allows(s, Event.RETRACT))
                    .as("retract from %s", s)
                    .isEqualTo(s == WorkStatus.PUBLISHED || s == WorkStatus.SCHEDULED);
            assertThat(Lifecycle.allows(s, Event.PUBLISH))
                    .as("publish from %s", s)
                    .isEqualTo(s == WorkStatus.APPROVED);
            assertThat(Lifecycle.allows(s, Event.APPROVE))
                    .as("approve in %s", s)
                    .isEqualTo(s == WorkStatus.IN_REVIEW);
        }
    }
}
