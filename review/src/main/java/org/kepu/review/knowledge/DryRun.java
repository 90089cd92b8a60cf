package org.kepu.review.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.KnowledgeChecks;
import org.kepu.review.checks.KnownRumours;
import org.kepu.review.checks.MythRulePack;
import org.kepu.review.checks.ReferenceValues;
import org.kepu.review.checks.Severity;
import org.kepu.review.knowledge.KnowledgeEntry.Draft;

/**
 * What an entry would flag in a text before it is put in force: the entry's own check run over a pack,
 * corpus or table holding only it, so a reviewer sees its hits and misses without the rest of the
 * screening around them.
 */
public final class DryRun {

    /**
     * One sentence the entry flags.
     *
     * @param stance how the sentence uses the claim, as the severity tells it: {@code ASSERTED} (blocker),
     *     {@code REPORTED} (warning: hearsay without a verdict, or a loose wording of a myth), or
     *     {@code REFUTED_OR_MENTIONED} (info: the checks answer a refutation and a bare mention alike)
     */
    public record Flag(
            int sentenceStart,
            int sentenceEnd,
            String sentence,
            int start,
            int end,
            String excerpt,
            Severity severity,
            String stance,
            String message) {}

    /** The longest text a dry run reads: a few pages to try an entry on, not a book. */
    public static final int MAX_TEXT = 20_000;

    private DryRun() {}

    /** @throws KnowledgeException.Invalid when the draft could not be put in force */
    public static List<Flag> run(Draft draft, String text) {
        String id = draft == null || draft.kind() == null
                ? "entry.dry_run"
                : switch (draft.kind()) {
                    case MYTH -> "myth.dry_run.entry";
                    case RUMOUR -> "rumour.dry_run";
                    case VALUE -> "value.dry_run";
                };
        List<String> problems = new ArrayList<>(KnowledgeRules.problems(id, draft));
        if (text == null || text.isBlank()) {
            problems.add("text: required");
        } else if (text.length() > MAX_TEXT) {
            problems.add("text: at most " + MAX_TEXT + " characters");
        }
        if (!problems.isEmpty()) {
            throw new KnowledgeException.Invalid(problems);
        }
        List<Finding> findings = switch (draft.kind()) {
            case MYTH ->
                KnowledgeChecks.myths(
                        MythRulePack.of(
                                "dry-run",
                                List.of(KnowledgeRules.myth(id, draft)),
                                KnowledgeRules.directions(List.of(
                                        KnowledgeEntry.created(id, draft, "dry-run", "", java.time.Instant.EPOCH)))),
                        text);
            case RUMOUR -> {
                KnownRumours corpus = KnownRumours.empty();
                corpus.add(KnowledgeRules.rumour(id, draft));
                yield KnowledgeChecks.rumours(corpus, text);
            }
            case VALUE ->
                KnowledgeChecks.values(ReferenceValues.of("dry-run", List.of(KnowledgeRules.value(id, draft))), text);
        };
        List<int[]> sentences = KnowledgeChecks.sentences(text);
        List<Flag> out = new ArrayList<>();
        for (Finding f : findings) {
            int[] s = sentences.stream()
                    .filter(span -> span[0] <= f.start() && f.start() < span[1])
                    .findFirst()
                    .orElse(new int[] {f.start(), f.end()});
            out.add(new Flag(
                    s[0],
                    s[1],
                    text.substring(s[0], s[1]),
                    f.start(),
                    f.end(),
                    f.excerpt(),
                    f.severity(),
                    STANCES.get(f.severity()),
                    f.message()));
        }
        return out;
    }

    private static final Map<Severity, String> STANCES =
            Map.of(Severity.BLOCKER, "ASSERTED", Severity.WARNING, "REPORTED", Severity.INFO, "REFUTED_OR_MENTIONED");
}
