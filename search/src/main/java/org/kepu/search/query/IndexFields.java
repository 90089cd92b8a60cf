package org.kepu.search.query;

/** Field names shared by both adapters, the document builder and the query planner. */
public final class IndexFields {

    public static final String ID = "id";
    public static final String REVISION = "revision";
    public static final String OWNER_ID = "ownerId";
    public static final String STATUS = "status";
    public static final String KIND = "kind";
    public static final String TOPICS = "topics";
    public static final String AUDIENCES = "audiences";
    public static final String CHANNELS = "channels";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";

    /** Pre-analysed token strings (whitespace-separated): the parts, and the glossary terms. */
    public static final String TITLE = "title";

    public static final String BODY = "body";
    public static final String TERMS = "terms";

    /** Overlapping Han character bigrams of title, summary and text (whitespace-separated), scoring only. */
    public static final String BIGRAMS = "bigrams";

    /** The original texts, stored for display and highlighting, never searched. */
    public static final String TITLE_TEXT = "titleText";

    public static final String SUMMARY_TEXT = "summaryText";
    public static final String TEXT = "text";

    /**
     * The work's statistics facts as one opaque JSON string, stored and never searched: statistics read
     * it back for every work they count, so they need no manifest.
     */
    public static final String FACTS = "facts";

    /** The work's dense vector (unit length), for nearest-neighbour search. */
    public static final String VECTOR = "vector";

    /** Facet names in results, and the fields they count. */
    public static final String[][] FACETS = {
        {"topic", TOPICS}, {"audience", AUDIENCES}, {"kind", KIND}, {"status", STATUS}
    };

    private IndexFields() {}
}
