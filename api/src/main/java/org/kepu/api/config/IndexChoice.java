package org.kepu.api.config;

/**
 * Refuses, at start, a node-local Lucene index beside the shared S3 store. Every instance drains the
 * same outbox and whichever drains a marker first deletes it, so the other instances' local indexes
 * would silently miss that change; only Elasticsearch is shared by every instance.
 */
public final class IndexChoice {

    private IndexChoice() {}

    /** @throws IllegalStateException when the store is S3, the index Lucene, and no single instance was declared */
    public static void check(KepuProperties properties) {
        boolean sharedStore = properties.store() != null && properties.store().type() == KepuProperties.StoreType.S3;
        KepuProperties.Search search = properties.search();
        if (!sharedStore || search == null || search.type() != KepuProperties.SearchType.LUCENE) {
            return;
        }
        if (search.allowLocalIndexWithSharedStore()) {
            return;
        }
        throw new IllegalStateException(
                "kepu.store.type=s3 is a store several instances share, but"
                        + " kepu.search.type=lucene keeps the search index on this node only: an instance would miss the"
                        + " changes another instance indexed first. Set kepu.search.type=elasticsearch and kepu.search.url,"
                        + " or, for exactly one instance on this bucket, kepu.search.allow-local-index-with-shared-store=true.");
    }
}
