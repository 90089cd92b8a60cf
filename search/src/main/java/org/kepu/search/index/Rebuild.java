package org.kepu.search.index;

import java.util.List;

/**
 * A new versioned index being filled beside the live one. Until {@link #complete()} the old index
 * answers every search; live writes go to both, so nothing written during the rebuild is lost.
 */
public interface Rebuild extends AutoCloseable {

    /** The name of the new versioned index, e.g. {@code kepu-works-v2}. */
    String name();

    List<WriteOutcome> indexAll(List<IndexedWork> works);

    /** Makes the new index the live one (switches the alias) and drops the old one. */
    void complete();

    /** Drops the new index; the old one stays live. Closing an incomplete rebuild aborts it. */
    @Override
    void close();
}
