package org.kepu.ingestion.work;

/**
 * The last event of a work's audit trail at some point: its sequence number and {@code sha256:…} of its
 * stored bytes. {@link #EMPTY} for a trail without events.
 */
public record ChainHead(long seq, String sha256) {

    public static final ChainHead EMPTY = new ChainHead(0, null);
}
