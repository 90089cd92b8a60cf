package org.kepu.api.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an index rebuild stands: {@code IDLE}, {@code RUNNING} (on {@code runningOn} when another
 * instance holds the lease), {@code DONE} with the new index, its time and the works it parked, or
 * {@code FAILED} with a reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RebuildProgress(
        String state,
        Integer done,
        Integer total,
        String startedAt,
        String runningOn,
        String index,
        Long millis,
        Integer parked,
        String reason) {

    static final RebuildProgress IDLE = new RebuildProgress("IDLE", null, null, null, null, null, null, null, null);

    static RebuildProgress of(String state, int done, int total, Instant started) {
        return new RebuildProgress(state, done, total, started.toString(), null, null, null, null, null);
    }

    RebuildProgress on(String instance) {
        return new RebuildProgress(state, done, total, startedAt, instance, index, millis, parked, reason);
    }

    RebuildProgress finished(String newIndex, long tookMillis, int parkedWorks) {
        return new RebuildProgress(state, done, total, startedAt, runningOn, newIndex, tookMillis, parkedWorks, reason);
    }

    RebuildProgress failed(String why) {
        return new RebuildProgress(state, done, total, startedAt, runningOn, index, millis, parked, why);
    }

    /** The same members, for a problem document's extension members. */
    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("state", state);
        map.put("done", done);
        map.put("total", total);
        map.put("startedAt", startedAt);
        map.put("runningOn", runningOn);
        map.values().removeIf(java.util.Objects::isNull);
        return map;
    }
}
