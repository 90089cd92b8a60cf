package org.kepu.ingestion.rendition;

/**
 * One derived image of a version, stored under {@code key}: {@code name} is {@code thumbnail} or
 * {@code preview}, {@code size} the stored bytes.
 */
public record Rendition(String name, String key, String contentType, int width, int height, long size) {}
