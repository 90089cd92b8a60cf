package org.kepu.review.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kepu.ingestion.work.Review.Comment;
import org.kepu.ingestion.work.Review.Verdict;

/** A reviewer's decision as submitted: bound to the version and digest the reviewer read. */
public record DecisionRequest(
        Integer version, String digest, Verdict decision, String summary, List<Comment> comments) {

    static final int MAX_SUMMARY = 4000;
    static final int MAX_COMMENTS = 500;
    static final int MAX_COMMENT = 2000;

    public DecisionRequest {
        comments = comments == null ? List.of() : List.copyOf(comments);
    }

    /** Lists every missing or malformed field at once, so the client can fix them in one go. */
    public void validate() {
        List<Map<String, String>> errors = new ArrayList<>();
        if (version == null || version < 1) {
            errors.add(error("version", "the version number you reviewed is required"));
        }
        if (digest == null || digest.isBlank()) {
            errors.add(error("digest", "the digest of the version you reviewed is required"));
        }
        if (decision == null) {
            errors.add(error("decision", "one of APPROVE, REQUEST_CHANGES, REJECT is required"));
        }
        if (summary != null && summary.length() > MAX_SUMMARY) {
            errors.add(error("summary", "at most " + MAX_SUMMARY + " characters"));
        }
        if (decision != null && decision != Verdict.APPROVE && (summary == null || summary.isBlank())) {
            errors.add(error("summary", "say what has to change or why the work is rejected"));
        }
        if (comments.size() > MAX_COMMENTS) {
            errors.add(error("comments", "at most " + MAX_COMMENTS + " comments"));
        }
        for (int i = 0; i < comments.size(); i++) {
            Comment c = comments.get(i);
            if (c == null || c.start() < 0 || c.end() < c.start()) {
                errors.add(error("comments[" + i + "]", "needs 0 ≤ start ≤ end"));
            } else if (c.text() == null || c.text().isBlank() || c.text().length() > MAX_COMMENT) {
                errors.add(error("comments[" + i + "].text", "1 to " + MAX_COMMENT + " characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ReviewException(
                    ReviewException.Kind.INVALID,
                    "The decision has missing or invalid fields.",
                    Map.of("errors", errors));
        }
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
