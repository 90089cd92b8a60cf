package org.kepu.search.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.kepu.ingestion.store.ObjectStore;
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
 *
 * <p>Texts can run to millions of characters (extraction keeps up to 5,000,000). Analysis costs about as
 * much per character as it does per work, so a work is matched by its first {@link #MAX_INDEXED_CHARS}
 * characters, a long book's worth; only the first {@link #MAX_STORED_CHARS} are stored, which is what
 * highlighting and duplicate checks read per hit. The text beyond is kept in the object store and served
 * whole, but not searched.
 */
public final class WorkDocuments {

    /** The characters of a text analysed for matching (a few seconds of analysis, about 1 MB of UTF-8). */
    public static final int MAX_INDEXED_CHARS = 300_000;

    /** The characters of a text stored in the index, for highlighting and duplicate checks. */
    public static final int MAX_STORED_CHARS = 100_000;

    private final TextAnalysis analysis;
    private final Function<Work, List<String>> channels;
    private final Function<Work, String> facts;
    private final Function<Work, Optional<float[]>> vectors;

    /**
     * @param channels the channels a published work is distributed to; the distribution feature will
     *     provide them, until then pass {@code work -> List.of()}
     */
    public WorkDocuments(TextAnalysis analysis, Function<Work, List<String>> channels) {
        this(analysis, channels, work -> "");
    }

    /** @param facts the statistics facts of a work, as the JSON string the index stores for it */
    public WorkDocuments(TextAnalysis analysis, Function<Work, List<String>> channels, Function<Work, String> facts) {
        this(analysis, channels, facts, work -> Optional.empty());
    }

    private WorkDocuments(
            TextAnalysis analysis,
            Function<Work, List<String>> channels,
            Function<Work, String> facts,
            Function<Work, Optional<float[]>> vectors) {
        this.analysis = analysis;
        this.channels = channels;
        this.facts = facts;
        this.vectors = vectors;
    }

    /**
     * These documents with the vector of the current version where {@code vectors} has one; the vector
     * is read, never computed, here (see {@code VectorWorker}).
     */
    public WorkDocuments withVectors(Function<Work, Optional<float[]>> value) {
        return new WorkDocuments(analysis, channels, facts, value);
    }

    public WorkDocuments(TextAnalysis analysis) {
        this(analysis, work -> List.of());
    }

    /**
     * The document for the current version, reading its text if it was extracted already: only as many
     * bytes as the characters indexed can take, however long the text.
     */
    public IndexedWork of(Work work, WorkRepository repository) {
        Optional<String> text = work.versions().isEmpty() || work.current().textKey() == null
                ? Optional.empty()
                : readPrefix(repository.store(), work.current().textKey(), MAX_INDEXED_CHARS);
        IndexedWork doc = of(work, text);
        return text.isEmpty() ? doc : vectors.apply(work).map(doc::withVector).orElse(doc);
    }

    /** The first {@code maxChars} characters of a UTF-8 text object, reading at most 3 bytes a character. */
    public static Optional<String> readPrefix(ObjectStore store, String key, int maxChars) {
        return store.open(key, 0, maxChars * 3L).map(in -> {
            try (in) {
                byte[] bytes = in.readAllBytes();
                return prefix(new String(bytes, 0, completeLength(bytes), StandardCharsets.UTF_8), maxChars);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + key, e);
            }
        });
    }

    /** The length of {@code bytes} without a UTF-8 sequence cut off at the end. */
    private static int completeLength(byte[] bytes) {
        int lead = bytes.length - 1;
        while (lead >= 0 && lead > bytes.length - 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return bytes.length;
        }
        int b = bytes[lead] & 0xFF;
        int needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + needed > bytes.length ? lead : bytes.length;
    }

    /** The first {@code maxChars} characters of {@code text}, never splitting a surrogate pair. */
    public static String prefix(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end);
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
        String body = prefix(text.orElse(""), MAX_INDEXED_CHARS);
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
                prefix(body, MAX_STORED_CHARS),
                titleString.toString().strip(),
                bodyTokens.toString().strip(),
                String.join(" ", termList),
                CjkBigrams.joined(title, summary, body),
                facts.apply(work));
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
