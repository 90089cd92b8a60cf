package org.kepu.review.knowledge;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.assign.ReviewerLoad;
import org.kepu.review.audit.AuditEvent;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Screening;
import org.kepu.review.checks.ScreeningInput;
import org.kepu.review.checks.Severity;
import org.kepu.review.screening.FindingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Screens the works in review again after the knowledge base changed, so a rumour a reviewer adds today
 * reaches the works already waiting. Writes only mark the change ({@link #changed}); the screening runs
 * when {@link #rescreenPending} is called, never inside the write request. For each work's current version (its text is
 * extracted already) the knowledge findings (myths, rumours, values) are replaced by fresh ones, the
 * other findings (near-duplicates, wording, readability) stay as first screened. When a finding is new, its
 * reviewers are told through the work's audit trail (a {@value #EVENT} event, which also reaches live
 * event streams) and the review queue ({@code newFindings}). The work's status stays: the assigned
 * reviewer decides what a new blocker means. Runs on the instance that took the write, once.
 */
public class Rescreen {

    /** The audit event telling a work's reviewers that a knowledge change found something new. */
    public static final String EVENT = "knowledge-findings";

    private static final Logger log = LoggerFactory.getLogger(Rescreen.class);

    private final WorkRepository works;
    private final ReviewerLoad pool;
    private final Screening screening;
    private final FindingsStore findings;
    private final Clock clock;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    public Rescreen(WorkRepository works, ReviewerLoad pool, Screening screening, FindingsStore findings, Clock clock) {
        this.works = works;
        this.pool = pool;
        this.screening = screening;
        this.findings = findings;
        this.clock = clock;
    }

    /** Marks entries as changed; the works in review are screened again at the next run. */
    public void changed(String entryId) {
        pending.add(entryId);
    }

    /** Screens the works in review again if entries changed since the last run. */
    public void rescreenPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<String> entries = new ArrayList<>(pending);
        pending.removeAll(entries);
        try {
            int told = rescreen(entries);
            log.info("knowledge entries {} changed: {} works in review have new findings", entries, told);
        } catch (RuntimeException e) {
            // Put back, so the next run tries again rather than leaving reviewers untold.
            pending.addAll(entries);
            log.warn("re-screening after knowledge changes failed; retrying at the next run", e);
        }
    }

    /** Screens every work in review again; returns how many got new findings. */
    public int rescreen(List<String> entries) {
        int told = 0;
        for (Work work : pool.inReview()) {
            try {
                if (rescreen(work, entries)) {
                    told++;
                }
            } catch (RuntimeException e) {
                log.warn("work {}: could not screen again after knowledge changes", work.id(), e);
            }
        }
        return told;
    }

    private boolean rescreen(Work work, List<String> entries) {
        Version current = work.current();
        if (current == null || current.textKey() == null || current.failure() != null) {
            return false;
        }
        String text = works.readText(current.textKey()).orElse(null);
        if (text == null) {
            return false;
        }
        List<Finding> fresh = screening.screen(ScreeningInput.of(text, work.id(), work.metadata())).findings().stream()
                .filter(Rescreen::fromKnowledge)
                .toList();
        Instant now = clock.instant();
        List<Finding> added = new ArrayList<>();
        Optional<FindingsStore.StoredFindings> replaced =
                findings.replace(work.id(), current.number(), current.digest(), old -> {
                    Set<String> before = new HashSet<>();
                    old.findings().stream().filter(Rescreen::fromKnowledge).forEach(f -> before.add(key(f)));
                    Set<String> after = new HashSet<>();
                    fresh.forEach(f -> after.add(key(f)));
                    if (before.equals(after)) {
                        return old;
                    }
                    added.clear();
                    fresh.stream().filter(f -> !before.contains(key(f))).forEach(added::add);
                    List<Finding> merged = new ArrayList<>();
                    old.findings().stream().filter(f -> !fromKnowledge(f)).forEach(merged::add);
                    merged.addAll(fresh);
                    merged.sort(Comparator.comparingInt(Finding::start)
                            .thenComparingInt(Finding::end)
                            .thenComparing(Finding::severity)
                            .thenComparing(Finding::rule));
                    return new FindingsStore.StoredFindings(
                            old.workId(),
                            old.version(),
                            old.digest(),
                            old.screenedAt(),
                            merged,
                            old.newFindings() + added.size(),
                            now);
                });
        if (replaced.isEmpty()) {
            return false;
        }
        FindingsSummary summary = replaced.get().summary();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("newFindings", added.size());
        data.put(
                "newBlockers",
                added.stream().filter(f -> f.severity() == Severity.BLOCKER).count());
        data.put("entries", added.stream().map(Finding::entryId).distinct().toList());
        data.put("changedEntries", entries);
        data.put("blockers", summary.blockers());
        AtomicBoolean told = new AtomicBoolean();
        works.update(work.id(), w -> {
            told.set(false);
            if (w.status() != WorkStatus.IN_REVIEW || w.currentVersion() != current.number()) {
                return w;
            }
            List<String> terms = w.review()
                    .findingsOf(current.number())
                    .map(FindingsSummary::sensitiveTerms)
                    .orElse(List.of());
            Work next = w.withReview(w.review().withFindings(summary.withSensitiveTerms(terms)));
            if (added.isEmpty()) {
                return next;
            }
            told.set(true);
            return next.recording(EVENT, AuditEvent.SYSTEM, current.number(), data);
        });
        return told.get();
    }

    /** Findings from the knowledge base's rules, which its changes may add, change or take away. */
    public static boolean fromKnowledge(Finding f) {
        return f.rule().startsWith("myth.")
                || f.rule().startsWith("rumour.")
                || f.rule().startsWith("value.");
    }

    private static String key(Finding f) {
        return f.rule() + "@" + f.start() + ":" + f.end() + ":" + f.severity();
    }
}
