package org.kepu.api.feeds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kepu.ingestion.rendition.RenditionException;
import org.kepu.ingestion.rendition.Renditions;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.work.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The files of a version that outlets may download: the original, a video's subtitles, and for pictures
 * the derived thumbnail and preview. Blocks.
 */
@Component
class WorkFiles {

    static final String ORIGINAL = "original";
    static final String SUBTITLES = "subtitles";
    static final String THUMBNAIL = "thumbnail";
    static final String PREVIEW = "preview";

    private static final Logger log = LoggerFactory.getLogger(WorkFiles.class);

    private final ObjectStore store;
    private final Renditions renditions;

    WorkFiles(ObjectStore store) {
        this.store = store;
        this.renditions = new Renditions(store);
    }

    /** One downloadable file: where it is, what it is, and its size in pixels where it is a picture. */
    record File(String name, String key, String mediaType, long size, Integer width, Integer height) {}

    List<File> of(String workId, Version version) {
        List<File> files = new ArrayList<>();
        files.add(original(version));
        subtitles(version).ifPresent(files::add);
        files.addAll(renditions(workId, version));
        return files;
    }

    /** One file by name, reading only what that file needs (a download of the original touches nothing else). */
    Optional<File> find(String workId, Version version, String name) {
        return switch (name) {
            case ORIGINAL -> Optional.of(original(version));
            case SUBTITLES -> subtitles(version);
            default ->
                renditions(workId, version).stream()
                        .filter(f -> f.name().equals(name))
                        .findFirst();
        };
    }

    private static File original(Version version) {
        return new File(ORIGINAL, version.objectKey(), version.mediaType(), version.size(), null, null);
    }

    private Optional<File> subtitles(Version version) {
        if (version.subtitlesKey() == null) {
            return Optional.empty();
        }
        return store.stat(version.subtitlesKey())
                .map(info ->
                        new File(SUBTITLES, version.subtitlesKey(), subtitlesType(version), info.size(), null, null));
    }

    private List<File> renditions(String workId, Version version) {
        if (!Renditions.supports(version.mediaType())) {
            return List.of();
        }
        try {
            // made on first use and stored beside the version; rebuilt if an object went missing
            return renditions.ensure(workId, version).stream()
                    .map(r -> new File(r.name(), r.key(), r.contentType(), r.size(), r.width(), r.height()))
                    .toList();
        } catch (RenditionException e) {
            // a picture kepu cannot decode is still delivered as its original
            log.warn("work {} version {}: no renditions: {}", workId, version.number(), e.getMessage());
            return List.of();
        }
    }

    /** The manifest does not keep the subtitles' type; WebVTT announces itself in its first bytes, SRT does not. */
    private String subtitlesType(Version version) {
        try (InputStream in = store.open(version.subtitlesKey()).orElse(InputStream.nullInputStream())) {
            String head = new String(in.readNBytes(9), StandardCharsets.UTF_8);
            return head.replace("\uFEFF", "").startsWith("WEBVTT") ? "text/vtt" : "application/x-subrip";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
