package org.kepu.ingestion.work;

import java.util.Map;

/**
 * An event a change of the work records, written into the manifest by the same compare-and-set as the
 * change, so that a crash cannot keep one without the other. The audit trail copies it from there; its
 * time is the {@code updatedAt} of the revision that carries it.
 *
 * @param version the version the event is about, when it is about one
 */
public record PendingEvent(String type, String actor, Integer version, Map<String, Object> data) {

    public PendingEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
