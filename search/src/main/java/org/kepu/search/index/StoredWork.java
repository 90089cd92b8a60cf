package org.kepu.search.index;

/** The original texts of an indexed work, for duplicate checks. */
public record StoredWork(String id, String title, String summary, String text, long revision) {}
