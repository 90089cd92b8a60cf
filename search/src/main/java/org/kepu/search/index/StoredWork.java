package org.kepu.search.index;

/** The original texts of an indexed work, for duplicate checks; a long text only as far as the index stores it. */
public record StoredWork(String id, String title, String summary, String text, long revision) {}
