package org.kepu.search.testing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.search.analysis.Glossary;
import org.kepu.search.analysis.KepuAnalyzer;
import org.kepu.search.analysis.Synonyms;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.WorkDocuments;

/** Works that read like the domain, for the search tests. */
public final class Works {

    public static final Instant JAN = Instant.parse("2025-01-15T08:00:00Z");
    public static final Instant MAR = Instant.parse("2025-03-15T08:00:00Z");
    public static final Instant JUN = Instant.parse("2025-06-15T08:00:00Z");

    private static final TextAnalysis ANALYSIS = TextAnalysis.withShippedGlossary();
    private static final WorkDocuments DOCUMENTS = new WorkDocuments(ANALYSIS);

    private Works() {}

    public static TextAnalysis analysis() {
        return ANALYSIS;
    }

    /**
     * The same analysis without synonyms: for tests of search by meaning, where an everyday word must not
     * find the scientific one by the synonym list already.
     */
    public static TextAnalysis analysisWithoutSynonyms() {
        return new TextAnalysis(new KepuAnalyzer(Glossary.shipped(), Synonyms.of(List.of())));
    }

    public static Work manifest(
            String id,
            long revision,
            String owner,
            String title,
            WorkStatus status,
            String kind,
            List<String> topics,
            List<String> audiences,
            Instant updatedAt) {
        WorkMetadata metadata = new WorkMetadata(title, "", kind, topics, audiences, "CC-BY-4.0", List.of(), false);
        return new Work(id, revision, owner, metadata, status, null, List.of(), null, JAN, updatedAt);
    }

    public static Builder work(String id) {
        return new Builder(id);
    }

    /** A fluent way to describe the one or two facts a test cares about. */
    public static final class Builder {
        private final String id;
        private long revision = 1;
        private String owner = "alice";
        private String title = "科普文章";
        private String text = "";
        private WorkStatus status = WorkStatus.PUBLISHED;
        private String kind = "ARTICLE";
        private List<String> topics = List.of("health");
        private List<String> audiences = List.of("public");
        private List<String> channels = List.of();
        private Instant updatedAt = JAN;
        private String facts = "";

        Builder(String id) {
            this.id = id;
        }

        public Builder revision(long value) {
            revision = value;
            return this;
        }

        public Builder by(String value) {
            owner = value;
            return this;
        }

        public Builder titled(String value) {
            title = value;
            return this;
        }

        public Builder saying(String value) {
            text = value;
            return this;
        }

        public Builder status(WorkStatus value) {
            status = value;
            return this;
        }

        public Builder kind(String value) {
            kind = value;
            return this;
        }

        public Builder topics(String... values) {
            topics = List.of(values);
            return this;
        }

        public Builder audiences(String... values) {
            audiences = List.of(values);
            return this;
        }

        public Builder channels(String... values) {
            channels = List.of(values);
            return this;
        }

        public Builder facts(String value) {
            facts = value;
            return this;
        }

        public Builder updated(Instant value) {
            updatedAt = value;
            return this;
        }

        public Work manifest() {
            return Works.manifest(id, revision, owner, title, status, kind, topics, audiences, updatedAt);
        }

        public IndexedWork indexed() {
            List<String> fixed = channels;
            String fixedFacts = facts;
            return new WorkDocuments(ANALYSIS, w -> fixed, w -> fixedFacts).of(manifest(), Optional.of(text));
        }
    }

    public static WorkDocuments documents() {
        return DOCUMENTS;
    }
}
