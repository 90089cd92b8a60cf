package org.kepu.api.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.api.works.WorkService;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.knowledge.DryRun;
import org.kepu.review.knowledge.KnowledgeEntry;
import org.kepu.review.knowledge.KnowledgeEntry.Draft;
import org.kepu.review.knowledge.KnowledgeEntry.Kind;
import org.kepu.review.knowledge.KnowledgeException;
import org.kepu.review.knowledge.KnowledgeStore;
import org.kepu.review.knowledge.Rescreen;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Who may do what with the knowledge base, and its answers as problems. Blocking. */
@Service
class KnowledgeService {

    /** The longest span of a work that may become a rumour's claim: one sentence, not a paragraph. */
    static final int MAX_CLAIM = 200;

    private final KnowledgeStore store;
    private final Rescreen rescreen;
    private final WorkService visibility;
    private final WorkRepository works;

    KnowledgeService(KnowledgeStore store, Rescreen rescreen, WorkService visibility, WorkRepository works) {
        this.store = store;
        this.rescreen = rescreen;
        this.visibility = visibility;
        this.works = works;
    }

    List<KnowledgeEntry> list(Caller caller, Kind kind, String discipline, String q, boolean retired) {
        requireReader(caller);
        return store.list(kind, blankToNull(discipline), q, retired);
    }

    KnowledgeEntry read(Caller caller, String id) {
        requireReader(caller);
        requireId(id);
        return store.find(id).orElseThrow(() -> Problem.notFound("The knowledge entry"));
    }

    KnowledgeEntry create(Caller caller, Draft draft) {
        requireWriter(caller);
        KnowledgeEntry made = guarded(() -> store.create(draft, caller.id()));
        rescreen.changed(made.id());
        return made;
    }

    KnowledgeEntry update(Caller caller, String id, String ifMatch, Draft draft) {
        requireWriter(caller);
        requireId(id);
        int revision = revision(ifMatch);
        KnowledgeEntry changed = guarded(() -> store.update(id, revision, draft, caller.id()));
        rescreen.changed(changed.id());
        return changed;
    }

    KnowledgeEntry retire(Caller caller, String id, String ifMatch) {
        requireWriter(caller);
        requireId(id);
        int revision = revision(ifMatch);
        KnowledgeEntry retired = guarded(() -> store.retire(id, revision, caller.id()));
        rescreen.changed(retired.id());
        return retired;
    }

    List<DryRun.Flag> dryRun(Caller caller, Draft draft, String text) {
        if (!caller.has(Caller.REVIEWER) && !caller.has(Caller.ADMIN) && !caller.has(Caller.EDITOR)) {
            throw Problem.forbidden("Dry runs of knowledge entries are for reviewers, editors and admins.");
        }
        return guarded(() -> DryRun.run(draft, text));
    }

    /**
     * A span of the current version of a work under review turned into a new rumour: the caller must be a
     * reviewer assigned to the work, or an admin, and able to read it.
     */
    KnowledgeEntry fromSentence(Caller caller, FromSentence body) {
        requireWriter(caller);
        Work work = visibility.visible(caller, body.workId());
        if (!caller.has(Caller.ADMIN) && !work.review().isAssigned(caller.id())) {
            throw Problem.forbidden("Only a reviewer assigned to the work, or an admin, turns its text into entries.");
        }
        if (body.version() != work.currentVersion()) {
            throw Problem.conflict(
                    "Version " + body.version() + " is not the current version of the work.",
                    Map.of("currentVersion", work.currentVersion()));
        }
        Version version = work.current();
        if (version.textKey() == null) {
            throw Problem.conflict("The current version has no extracted text yet.", Map.of());
        }
        String text = works.readText(version.textKey())
                .orElseThrow(() -> Problem.conflict("The current version has no extracted text yet.", Map.of()));
        if (body.end() > text.length() || body.start() >= body.end()) {
            throw invalid(List.of("end: a span [start, end) within the text's " + text.length() + " characters"));
        }
        String claim = text.substring(body.start(), body.end()).strip();
        if (claim.length() > MAX_CLAIM) {
            throw invalid(List.of("end: a claim is at most " + MAX_CLAIM + " characters"));
        }
        Draft draft = new Draft(
                Kind.RUMOUR,
                body.discipline() == null || body.discipline().isBlank() ? firstTopic(work) : body.discipline(),
                body.source().toSource(),
                null,
                new KnowledgeEntry.Rumour(claim, body.refutation()),
                null);
        return create(caller, draft);
    }

    private static String firstTopic(Work work) {
        List<String> topics = work.metadata().topics();
        return topics == null || topics.isEmpty() ? "general" : topics.get(0);
    }

    private static <T> T guarded(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KnowledgeException.Invalid e) {
            throw invalid(e.problems());
        } catch (KnowledgeException.Stale e) {
            throw new Problem(
                    HttpStatus.PRECONDITION_FAILED,
                    "stale-revision",
                    "The entry changed since that revision; read it again.",
                    Map.of("currentRevision", e.current()));
        } catch (KnowledgeException.Unknown e) {
            throw Problem.notFound("The knowledge entry");
        } catch (KnowledgeException.Busy e) {
            throw Problem.conflict(e.getMessage(), Map.of());
        }
    }

    /** As Bean Validation's answers: one error per field. */
    static Problem invalid(List<String> problems) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (String p : problems) {
            int colon = p.indexOf(": ");
            Map<String, String> error = new LinkedHashMap<>();
            error.put("field", colon < 0 ? "entry" : p.substring(0, colon));
            error.put("message", colon < 0 ? p : p.substring(colon + 2));
            errors.add(error);
        }
        return new Problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid-entry",
                "The entry has " + errors.size() + " problem(s); see 'errors'.",
                Map.of("errors", errors));
    }

    /** The revision an {@code If-Match} names: {@code "3"}, {@code W/"3"} or {@code 3}. */
    static int revision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new Problem(
                    HttpStatus.PRECONDITION_REQUIRED,
                    "if-match-required",
                    "Send If-Match with the entry's revision (its ETag) to change it.");
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Integer.parseInt(tag);
        } catch (NumberFormatException e) {
            throw new Problem(
                    HttpStatus.PRECONDITION_FAILED, "stale-revision", "If-Match names no revision of the entry.");
        }
    }

    private static void requireReader(Caller caller) {
        if (!caller.has(Caller.REVIEWER) && !caller.has(Caller.EDITOR) && !caller.has(Caller.ADMIN)) {
            throw Problem.forbidden(
                    "The knowledge base is for reviewers, editors and admins; creators see it in findings.");
        }
    }

    private static void requireWriter(Caller caller) {
        if (!caller.has(Caller.REVIEWER) && !caller.has(Caller.ADMIN)) {
            throw Problem.forbidden("Only reviewers and admins change the knowledge base.");
        }
    }

    /** Entry ids are kepu's own ({@code rumour.kb_…}); anything else names no entry. */
    private static void requireId(String id) {
        if (!id.matches("[a-z0-9_.]{1,80}")) {
            throw Problem.notFound("The knowledge entry");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The body of {@code POST /api/v1/knowledge/from-sentence}, validated by the controller. */
    record FromSentence(
            String workId,
            int version,
            int start,
            int end,
            String refutation,
            KnowledgeController.SourceBody source,
            String discipline) {}
}
