package org.kepu.review.lifecycle;

import static org.kepu.ingestion.work.WorkStatus.APPROVED;
import static org.kepu.ingestion.work.WorkStatus.CHANGES_REQUESTED;
import static org.kepu.ingestion.work.WorkStatus.FAILED;
import static org.kepu.ingestion.work.WorkStatus.IN_REVIEW;
import static org.kepu.ingestion.work.WorkStatus.PROCESSING;
import static org.kepu.ingestion.work.WorkStatus.PUBLISHED;
import static org.kepu.ingestion.work.WorkStatus.REJECTED;
import static org.kepu.ingestion.work.WorkStatus.RETRACTED;
import static org.kepu.ingestion.work.WorkStatus.SCHEDULED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kepu.ingestion.work.WorkStatus;

/**
 * The life of a work as a table: which event may happen in which status, and where it leads. Every
 * status change of a work goes through {@link #next}, so an event that does not fit the current status is
 * refused the same way everywhere.
 */
public final class Lifecycle {

    /** Something that happens to a work. */
    public enum Event {
        /** The creator uploaded a new version; earlier approvals no longer count. */
        NEW_VERSION,
        EXTRACTION_FAILED,
        SCREENED_CLEAN,
        SCREENED_WITH_BLOCKERS,
        /** An approval that still leaves approvals missing. */
        APPROVE_PARTIALLY,
        APPROVE,
        REQUEST_CHANGES,
        REJECT,
        PUBLISH,
        SCHEDULE,
        /** A scheduled publication came due. */
        PUBLISH_SCHEDULED,
        RETRACT,
        /** An editor took the work out of all its channels; it stays approved and may be published again. */
        UNPUBLISH
    }

    private static final Map<Event, Set<WorkStatus>> FROM = new EnumMap<>(Event.class);
    private static final Map<Event, WorkStatus> TO = new EnumMap<>(Event.class);

    static {
        // A retracted work stays retracted: a corrected work is uploaded as a new work.
        rule(
                Event.NEW_VERSION,
                EnumSet.of(PROCESSING, FAILED, CHANGES_REQUESTED, IN_REVIEW, APPROVED, REJECTED, SCHEDULED, PUBLISHED),
                PROCESSING);
        rule(Event.EXTRACTION_FAILED, EnumSet.of(PROCESSING), FAILED);
        rule(Event.SCREENED_CLEAN, EnumSet.of(PROCESSING), IN_REVIEW);
        rule(Event.SCREENED_WITH_BLOCKERS, EnumSet.of(PROCESSING), CHANGES_REQUESTED);
        rule(Event.APPROVE_PARTIALLY, EnumSet.of(IN_REVIEW), IN_REVIEW);
        rule(Event.APPROVE, EnumSet.of(IN_REVIEW), APPROVED);
        rule(Event.REQUEST_CHANGES, EnumSet.of(IN_REVIEW), CHANGES_REQUESTED);
        rule(Event.REJECT, EnumSet.of(IN_REVIEW), REJECTED);
        rule(Event.PUBLISH, EnumSet.of(APPROVED), PUBLISHED);
        rule(Event.SCHEDULE, EnumSet.of(APPROVED), SCHEDULED);
        rule(Event.PUBLISH_SCHEDULED, EnumSet.of(SCHEDULED), PUBLISHED);
        rule(Event.RETRACT, EnumSet.of(PUBLISHED, SCHEDULED), RETRACTED);
        rule(Event.UNPUBLISH, EnumSet.of(PUBLISHED), APPROVED);
    }

    private Lifecycle() {}

    private static void rule(Event event, Set<WorkStatus> from, WorkStatus to) {
        FROM.put(event, Set.copyOf(from));
        TO.put(event, to);
    }

    /** The status after the event, if the event may happen in the given status. */
    public static Optional<WorkStatus> target(WorkStatus current, Event event) {
        return FROM.get(event).contains(current) ? Optional.of(TO.get(event)) : Optional.empty();
    }

    /** The status after the event; refuses an event that does not fit the current status. */
    public static WorkStatus next(WorkStatus current, Event event) {
        return target(current, event).orElseThrow(() -> new IllegalTransitionException(current, event));
    }

    public static boolean allows(WorkStatus current, Event event) {
        return FROM.get(event).contains(current);
    }
}
