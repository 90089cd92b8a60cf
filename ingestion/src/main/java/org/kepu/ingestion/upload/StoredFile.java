package org.kepu.ingestion.upload;

/** An upload that is safely in the object store, with what was learnt while streaming it. */
public record StoredFile(String objectKey, String digest, long size, String mediaType, String fileName) {}
