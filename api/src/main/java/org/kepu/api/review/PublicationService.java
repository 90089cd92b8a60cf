package org.kepu.api.review;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kepu.api.problem.Problem;
import org.kepu.api.problem.ReviewProblems;
import org.kepu.api.security.Caller;
import org.kepu.api.works.WorkService;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.channels.ChannelRegistry;
import org.kepu.review.channels.ChannelRules;
import org.kepu.review.lifecycle.ReviewFlow;
import org.springframework.stereotype.Service;

/** The publication gate and retraction, for editors. All methods block. */
@Service
class PublicationService {

    private static final int MAX_CHANNELS = 32;
    private static final int MAX_REASON = 2000;

    private final WorkRepository works;
    private final WorkService visibility;
    private final ReviewFlow flow;
    private final PublicationScheduler scheduler;
    private final Clock clock;
    private final ChannelRegistry channels;

    PublicationService(
            WorkRepository works,
            WorkService visibility,
            ReviewFlow flow,
            PublicationScheduler scheduler,
            Clock clock,
            ChannelRegistry channels) {
        this.channels = channels;
        this.works = works;
        this.visibility = visibility;
        this.flow = flow;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** @param note for a correction: what the new version changed, shown to outlets; optional */
    record PublicationRequest(List<String> channels, Instant publishAt, String note) {}

    record RetractionRequest(String reason) {}

    Work publish(Caller caller, String id, PublicationRequest request) {
        requireEditor(caller);
        List<String> channels = request.channels() == null ? List.of() : request.channels();
        if (channels.isEmpty()
                || channels.size() > MAX_CHANNELS
                || channels.stream().anyMatch(c -> c == null || !ChannelRules.validName(c))) {
            throw ReviewProblems.invalid("'channels' names 1 to " + MAX_CHANNELS
                    + " channels: lower-case letters, digits, '.', '_' or '-', up to 64 characters.");
        }
        String note = request.note() == null || request.note().isBlank()
                ? null
                : request.note().strip();
        if (note != null && note.length() > MAX_REASON) {
            throw ReviewProblems.invalid("'note' has up to " + MAX_REASON + " characters.");
        }
        List<String> unknown = channels.stream()
                .distinct()
                .filter(c -> this.channels.find(c).isEmpty())
                .toList();
        if (!unknown.isEmpty()) {
            throw ReviewProblems.invalid("No such channel: " + String.join(", ", unknown)
                    + ". An admin creates channels with PUT /api/v1/channels/{channel}.");
        }
        visibility.visible(caller, id);
        Instant now = clock.instant();
        List<String> distinct = channels.stream().distinct().toList();
        Work published = works.update(id, w -> {
            Work next = flow.publish(w, caller.id(), distinct, request.publishAt(), note, now);
            Publication p = next.review().publication();
            Map<String, Object> data = new HashMap<>();
            data.put("channels", p.channels());
            data.put("status", next.status().name());
            data.put("digest", next.current().digest());
            data.put("publishAt", p.publishAt().toString());
            return next.recording(AuditEvent.PUBLICATION, caller.id(), next.currentVersion(), data);
        });
        Publication p = published.review().publication();
        if (published.status() == WorkStatus.SCHEDULED) {
            scheduler.remind(id, p.publishAt());
        }
        return published;
    }

    /** @param channels the channels to leave; none means all */
    record UnpublicationRequest(List<String> channels) {}

    Work unpublish(Caller caller, String id, UnpublicationRequest request) {
        requireEditor(caller);
        List<String> channels = request == null || request.channels() == null ? List.of() : request.channels();
        if (channels.size() > MAX_CHANNELS
                || channels.stream().anyMatch(c -> c == null || !ChannelRules.validName(c))) {
            throw ReviewProblems.invalid("'channels' names up to " + MAX_CHANNELS
                    + " channels: lower-case letters, digits, '.', '_' or '-', up to 64 characters.");
        }
        visibility.visible(caller, id);
        Instant now = clock.instant();
        Work changed = works.update(id, w -> {
            Work next = flow.unpublish(w, channels, now);
            return next.recording(
                    AuditEvent.PUBLICATION,
                    caller.id(),
                    next.currentVersion(),
                    Map.of(
                            "unpublished",
                            channels.isEmpty() ? "all" : channels,
                            "status",
                            next.status().name()));
        });
        return changed;
    }

    Work retract(Caller caller, String id, RetractionRequest request) {
        requireEditor(caller);
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            throw ReviewProblems.invalid("'reason' is required, up to " + MAX_REASON + " characters.");
        }
        visibility.visible(caller, id);
        Instant now = clock.instant();
        Work retracted = works.update(id, w -> {
            Work next = flow.retract(w, caller.id(), reason, now);
            return next.recording(AuditEvent.RETRACTION, caller.id(), next.currentVersion(), Map.of("reason", reason));
        });
        return retracted;
    }

    private static void requireEditor(Caller caller) {
        if (!caller.has(Caller.EDITOR)) {
            throw Problem.forbidden("Only editors publish and retract works.");
        }
    }
}
