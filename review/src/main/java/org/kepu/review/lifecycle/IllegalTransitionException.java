package org.kepu.review.lifecycle;

import java.util.Map;
import org.kepu.ingestion.work.WorkStatus;

/** The event cannot happen in the work's current status; the client learns which status that is. */
public final class IllegalTransitionException extends ReviewException {

    private final WorkStatus current;

    public IllegalTransitionException(WorkStatus current, Lifecycle.Event event) {
        super(
                Kind.CONFLICT,
                "The work is " + current + "; " + describe(event) + " is not possible now.",
                Map.of("currentStatus", current.name(), "event", event.name()));
        this.current = current;
    }

    public WorkStatus current() {
        return current;
    }

    private static String describe(Lifecycle.Event event) {
        return event.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
