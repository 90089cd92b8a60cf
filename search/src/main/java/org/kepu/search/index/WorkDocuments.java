package org.kepu.search.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.search.analysis.AnalyzedToken;
import org.kepu.search.analysis.CjkBigrams;
import org.kepu.search.analysis.TextAnalysis;

/**
 * Builds the {@link IndexedWork} of a manifest: analyses title, summary and extracted text once, in the
 * application. The body field holds the parts in order (phrases match on consecutive parts); glossary
 * terms go to their own field, and are appended after the title's parts so that title phrases still
 * line up.
 */
public final class WorkDocuments {

    private final TextAnalysis analysis;
    private final Function<Work, List<String>> channels;

    /**
     * @param channels the channels a published work is distributed to; the distribution feature will
     *     provide them, until then pass {@code work -> List.of()}
     */
    public WorkDocuments(TextAnalysis analysis, Function<Work, List<String>> channels) {
        this.analysis = analysis;
        this.channels = channels;
    }

    public WorkDocuments(TextAnalysis analysis) {
        this(analysis, work -> List.of());
    }

    /** The document for the current version, reading its text if it was extracted already. */
    public IndexedWork of(Work work, WorkRepository repository) {
        Optional<String> text = work.versions().isEmpty() || work.current().textKey() == null
                ? Optional.empty()
                : repository.readText(work.current().textKey());
        return of(work, text);
    }

    /** The documents of those of {@code ids} whose manifests exist, in order. */
    public List<IndexedWork> ofExisting(List<String> ids, WorkRepository repository) {
        List<IndexedWork> docs = new ArrayList<>(ids.size());
        for (String id : ids) {
            repository.find(id).ifPresent(work -> docs.add(of(work, repository)));
        }
        return docs;
    }

    /** The document for a manifest and its text; without text (still processing) only metadata is indexed. */
    public IndexedWork of(Work work, Optional<String> text) {
        String title = nonNull(work.metadata() == null ? null : work.metadata().title());
        String summary =
                nonNull(work.metadata() == null ? null : work.metadata().summary());
        String body = text.orElse("");
        List<AnalyzedToken> titleTokens = analysis.tokens(title);
        Set<String> terms = new LinkedHashSet<>();
        StringBuilder bodyTokens = new StringBuilder();
        appendParts(bodyTokens, analysis.tokens(summary), terms);
        appendParts(bodyTokens, analysis.tokens(body), terms);
        Set<String> titleTerms = new LinkedHashSet<>();
        StringBuilder titleString = new StringBuilder();
        appendParts(titleString, titleTokens, titleTerms);
        titleTerms.forEach(term -> titleString.append(' ').append(term));
        List<String> termList = new ArrayList<>(terms);
        return new IndexedWork(
                work.id(),
                work.revision(),
                nonNull(work.owner()),
                work.status().name(),
                nonNull(work.metadata() == null ? null : work.metadata().kind()),
                work.metadata() == null ? List.of() : work.metadata().topics(),
                work.metadata() == null ? List.of() : work.metadata().audiences(),
                channels.apply(work),
                work.createdAt(),
                work.updatedAt(),
                title,
                summary,
                body,
                titleString.toString().strip(),
                bodyTokens.toString().strip(),
                String.join(" ", termList),
                CjkBigrams.joined(title, summary, body));
    }

    private static void appendParts(StringBuilder out, List<AnalyzedToken> tokens, Set<String> terms) {
        for (AnalyzedToken token : tokens) {
            if (token.glossary()) {
                terms.add(token.term());
            } else {
                out.append(' ').append(token.term());
            }
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
