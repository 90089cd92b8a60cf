package org.kepu.api.works;

import java.util.Map;

/**
 * Where an upload is recorded once committed. The audit trail belongs to the review side, which depends
 * on works; this interface keeps works from depending back on it.
 */
@FunctionalInterface
public interface UploadAudit {

    /** Records that the actor uploaded this version of the work; never throws for a failed record. */
    void uploaded(String workId, String actor, int version, Map<String, Object> data);
}
