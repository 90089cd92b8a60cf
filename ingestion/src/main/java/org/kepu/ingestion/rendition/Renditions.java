package org.kepu.ingestion.rendition;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import javax.imageio.ImageIO;
import org.kepu.ingestion.rendition.RenditionDecoder.Decoded;
import org.kepu.ingestion.rendition.WebEncoder.Encoded;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.store.ObjectStore.Blob;
import org.kepu.ingestion.work.JsonObjects;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.WorkRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Thumbnails and previews of image versions, for media outlets. They are made once from the original
 * and kept beside the version: {@code works/{id}/v{n}/renditions/{name}.{jpg|png}}, listed by the
 * descriptor {@code works/{id}/v{n}/renditions.json}, which is written after the images so that a
 * descriptor always names images that were stored. Making them is deterministic, so two callers racing
 * on one version write the same bytes and either may win. Blocking; thread-safe.
 */
public final class Renditions {

    public static final String THUMBNAIL = "thumbnail";
    public static final String PREVIEW = "preview";

    static final int THUMBNAIL_BOX = 320;
    static final int PREVIEW_BOX = 1280;

    /** What ImageIO reads here: the JDK's own readers plus the WebP plugin. */
    static final Set<String> IMAGE_TYPES =
            Set.of("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp", "image/tiff");

    private static final Logger log = LoggerFactory.getLogger(Renditions.class);
    private static final String JSON = "application/json";

    /**
     * Decoding is where memory goes (a progressive JPEG of 100 megapixels holds about 350 MB of native
     * coefficient buffers while it decodes), so only this many originals are decoded at once.
     */
    static final int PARALLEL_DECODES = 2;

    private final ObjectStore store;
    private final RenditionDecoder decoder;
    private final Semaphore decoding = new Semaphore(PARALLEL_DECODES);
    private final ClassLoader pluginLoader = Thread.currentThread().getContextClassLoader();
    private volatile boolean pluginsRegistered;

    public Renditions(ObjectStore store) {
        this(store, RenditionDecoder.DEFAULT_MAX_PIXELS);
    }

    Renditions(ObjectStore store, long maxPixels) {
        this.store = store;
        this.decoder = new RenditionDecoder(maxPixels);
    }

    /**
     * ImageIO may have scanned for plugins before this class loader could see the WebP reader (a web
     * container or a nested jar); scanning again registers it. Done before the first decode rather than
     * at construction: setting up ImageIO and scanning every jar of the class path is a noticeable part
     * of start-up, and most instances decode no picture for a while. The scan uses the context class
     * loader of the thread that made this object, as it did when it ran here.
     */
    private void registerPlugins() {
        if (pluginsRegistered) {
            return;
        }
        synchronized (this) {
            if (pluginsRegistered) {
                return;
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(pluginLoader);
            try {
                if (!ImageIO.getImageReadersByMIMEType("image/webp").hasNext()) {
                    ImageIO.scanForPlugins();
                }
            } finally {
                thread.setContextClassLoader(previous);
            }
            pluginsRegistered = true;
        }
    }

    /** True for the media types that get renditions. */
    public static boolean supports(String mediaType) {
        return mediaType != null && IMAGE_TYPES.contains(mediaType);
    }

    public static String descriptorKey(String workId, int version) {
        return WorkRepository.versionKey(workId, version, "renditions.json");
    }

    /**
     * The thumbnail (fits in 320×320) and the preview (fits in 1280×1280), in that order, of an image
     * version; neither is ever larger than the original. Reads the descriptor when it and every image it
     * names are stored; otherwise decodes the original and stores what is missing or different. Returns
     * an empty list, reading nothing, for a version that is not an image.
     *
     * @throws RenditionException when the original is missing, damaged, or too large to decode safely
     */
    public List<Rendition> ensure(String workId, Version version) {
        if (!supports(version.mediaType())) {
            return List.of();
        }
        String descriptor = descriptorKey(workId, version.number());
        return stored(workId, version, descriptor).orElseGet(() -> build(workId, version, descriptor));
    }

    /** One rendition by name ({@link #THUMBNAIL} or {@link #PREVIEW}), made first if needed. */
    public Optional<Rendition> find(String workId, Version version, String name) {
        if (!THUMBNAIL.equals(name) && !PREVIEW.equals(name)) {
            return Optional.empty();
        }
        return ensure(workId, version).stream()
                .filter(rendition -> rendition.name().equals(name))
                .findFirst();
    }

    private Optional<List<Rendition>> stored(String workId, Version version, String descriptor) {
        Optional<Blob> blob = store.read(descriptor);
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        Rendition[] listed;
        try {
            listed = JsonObjects.MAPPER.readValue(blob.get().content(), Rendition[].class);
        } catch (JacksonException e) {
            log.warn(
                    "descriptor {} cannot be read ({}); making the renditions again",
                    descriptor,
                    e.getOriginalMessage());
            return Optional.empty();
        }
        String prefix = WorkRepository.versionKey(workId, version.number(), "renditions/");
        boolean complete = listed != null
                && listed.length == 2
                && Arrays.stream(listed)
                        .allMatch(r -> r != null && r.key() != null && r.key().startsWith(prefix))
                && THUMBNAIL.equals(listed[0].name())
                && PREVIEW.equals(listed[1].name())
                && Arrays.stream(listed)
                        .allMatch(r -> store.stat(r.key())
                                .filter(info -> info.size() == r.size())
                                .isPresent());
        return complete ? Optional.of(List.of(listed)) : Optional.empty();
    }

    private List<Rendition> build(String workId, Version version, String descriptor) {
        log.info("making renditions of work {} version {}", workId, version.number());
        Decoded decoded = decode(version);
        int orientation = "image/jpeg".equals(version.mediaType()) ? orientation(version) : ExifOrientation.UPRIGHT;
        boolean transparent = Pixels.hasTransparency(decoded.image());
        Size previewSize = Size.fit(decoded.sourceWidth(), decoded.sourceHeight(), PREVIEW_BOX);
        BufferedImage preview = Pixels.oriented(
                Pixels.scaled(Pixels.normalised(decoded.image(), transparent), previewSize), orientation);
        Size thumbnailSize = Size.fit(preview.getWidth(), preview.getHeight(), THUMBNAIL_BOX);
        BufferedImage thumbnail = Pixels.scaled(preview, thumbnailSize);

        List<Rendition> renditions = List.of(
                store(workId, version, THUMBNAIL, thumbnail, transparent),
                store(workId, version, PREVIEW, preview, transparent));
        storeIfDifferent(descriptor, JsonObjects.MAPPER.writeValueAsBytes(renditions), JSON);
        return renditions;
    }

    private Decoded decode(Version version) {
        registerPlugins();
        try {
            decoding.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenditionException("interrupted while waiting to decode version " + version.number(), e);
        }
        try (InputStream original = openOriginal(version)) {
            return decoder.decode(original, version.mediaType(), PREVIEW_BOX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close original " + version.objectKey(), e);
        } finally {
            decoding.release();
        }
    }

    private int orientation(Version version) {
        try (InputStream original = openOriginal(version)) {
            return ExifOrientation.of(original);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close original " + version.objectKey(), e);
        }
    }

    private InputStream openOriginal(Version version) {
        return store.open(version.objectKey())
                .orElseThrow(() ->
                        new RenditionException("the original file of version " + version.number() + " is missing"));
    }

    private Rendition store(String workId, Version version, String name, BufferedImage image, boolean transparent) {
        Encoded encoded = WebEncoder.encode(image, transparent);
        String key =
                WorkRepository.versionKey(workId, version.number(), "renditions/" + name + "." + encoded.extension());
        storeIfDifferent(key, encoded.bytes(), encoded.contentType());
        return new Rendition(
                name, key, encoded.contentType(), image.getWidth(), image.getHeight(), encoded.bytes().length);
    }

    /** Leaves an identical object alone, so rebuilding one lost image keeps the others' ETags for caches. */
    private void storeIfDifferent(String key, byte[] content, String contentType) {
        boolean same = store.read(key)
                .filter(blob -> Arrays.equals(blob.content(), content))
                .isPresent();
        if (!same) {
            store.put(key, new ByteArrayInputStream(content), content.length, contentType);
        }
    }
}
