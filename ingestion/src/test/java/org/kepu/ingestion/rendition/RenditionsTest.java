package org.kepu.ingestion.rendition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kepu.ingestion.rendition.TestImages.aPoster;
import static org.kepu.ingestion.rendition.TestImages.decode;
import static org.kepu.ingestion.rendition.TestImages.encode;
import static org.kepu.ingestion.rendition.TestImages.halves;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore.ObjectInfo;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.WorkRepository;

class RenditionsTest {

    private static final String WORK = "w-42";

    /** 48×24 lossless WebP, left half opaque red, right half transparent ({@code cwebp -lossless -exact}). */
    private static final String LOSSLESS_WEBP_WITH_ALPHA =
            "UklGRiYAAABXRUJQVlA4TBkAAAAvL8AFEA8Q8x/zHwyxYDJ/6Qy6I/ofFU4AAA==";

    /** 64×32 lossy WebP, left half blue, right half green ({@code cwebp -q 90}). */
    private static final String LOSSY_WEBP =
            "UklGRmAAAABXRUJQVlA4IFQAAAAQBQCdASpAACAAPjEWiUMiISEWBAAgAwSxgGk2oL8A/ADVCuAfgB+oG4gAHSqK9uOoAP79XcrLYVN0dTxpYVE5LOXj12q0Rwu3wqKSUcJuoIAAAAA=";

    @TempDir
    Path dir;

    private FileSystemObjectStore store;
    private Renditions renditions;

    @BeforeEach
    void openStore() {
        store = new FileSystemObjectStore(dir);
        renditions = new Renditions(store);
    }

    @Test
    void aWidePngGetsJpegRenditionsThatKeepItsAspectRatio() {
        Version version = uploaded(1, "image/png", encode(aPoster(2000, 1000), "png"));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made)
                .containsExactly(
                        new Rendition(
                                "thumbnail",
                                "works/w-42/v1/renditions/thumbnail.jpg",
                                "image/jpeg",
                                320,
                                160,
                                sizeOf("works/w-42/v1/renditions/thumbnail.jpg")),
                        new Rendition(
                                "preview",
                                "works/w-42/v1/renditions/preview.jpg",
                                "image/jpeg",
                                1280,
                                640,
                                sizeOf("works/w-42/v1/renditions/preview.jpg")));
        for (Rendition rendition : made) {
            BufferedImage stored = storedImage(rendition);
            assertThat(stored.getWidth()).isEqualTo(rendition.width());
            assertThat(stored.getHeight()).isEqualTo(rendition.height());
        }
    }

    @Test
    void aTallJpegIsFittedByItsHeight() {
        Version version = uploaded(1, "image/jpeg", encode(aPoster(900, 3000), "jpeg"));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made).extracting(Rendition::width).containsExactly(96, 384);
        assertThat(made).extracting(Rendition::height).containsExactly(320, 1280);
        assertThat(made).extracting(Rendition::contentType).containsOnly("image/jpeg");
        assertThat(storedImage(made.get(1)).getHeight()).isEqualTo(1280);
    }

    @Test
    void aSmallImageIsNeverEnlarged() {
        Version version = uploaded(1, "image/png", encode(aPoster(200, 150), "png"));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made).extracting(Rendition::width).containsExactly(200, 200);
        assertThat(made).extracting(Rendition::height).containsExactly(150, 150);
    }

    @Test
    void anImageBetweenTheTwoSizesKeepsItsSizeAsPreviewOnly() {
        Version version = uploaded(1, "image/png", encode(aPoster(800, 600), "png"));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made).extracting(Rendition::width).containsExactly(320, 800);
        assertThat(made).extracting(Rendition::height).containsExactly(240, 600);
    }

    @Test
    void transparencySurvivesAsPng() {
        BufferedImage logo = halves(1600, 800, new Color(200, 0, 0), new Color(0, 0, 0, 0));
        Version version = uploaded(1, "image/png", encode(logo, "png"));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made)
                .extracting(Rendition::key)
                .containsExactly("works/w-42/v1/renditions/thumbnail.png", "works/w-42/v1/renditions/preview.png");
        assertThat(made).extracting(Rendition::contentType).containsOnly("image/png");
        BufferedImage thumbnail = storedImage(made.get(0));
        assertThat(thumbnail.getColorModel().hasAlpha()).isTrue();
        assertThat(thumbnail.getRGB(40, 80)).isEqualTo(new Color(200, 0, 0).getRGB());
        assertThat(thumbnail.getRGB(280, 80) >>> 24).isZero();
    }

    @Test
    void anAlphaChannelThatIsOpaqueEverywhereGivesJpeg() {
        BufferedImage opaqueArgb = halves(400, 400, Color.BLUE, Color.GREEN);
        Version version = uploaded(1, "image/png", encode(opaqueArgb, "png"));

        assertThat(renditions.ensure(WORK, version))
                .extracting(Rendition::contentType)
                .containsOnly("image/jpeg");
    }

    @Test
    void aSixteenBitGreyPngBecomesAnOrdinaryJpeg() {
        BufferedImage grey = new BufferedImage(1000, 500, BufferedImage.TYPE_USHORT_GRAY);
        grey.createGraphics().drawImage(aPoster(1000, 500), 0, 0, null);
        Version version = uploaded(1, "image/png", encode(grey, "png"));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made).extracting(Rendition::contentType).containsOnly("image/jpeg");
        assertThat(made).extracting(Rendition::width).containsExactly(320, 1000);
        assertThat(storedImage(made.get(0)).getHeight()).isEqualTo(160);
    }

    @Test
    void aPaletteImageWithATransparentColourGivesPng() {
        IndexColorModel palette =
                new IndexColorModel(8, 2, new byte[] {(byte) 200, 0}, new byte[] {0, 0}, new byte[] {0, 0}, 1);
        BufferedImage indexed = new BufferedImage(400, 200, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                indexed.getRaster().setSample(x, y, 0, x < 200 ? 0 : 1);
            }
        }
        Version version = uploaded(1, "image/png", encode(indexed, "png"));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made).extracting(Rendition::contentType).containsOnly("image/png");
        BufferedImage thumbnail = storedImage(made.get(0));
        assertThat(thumbnail.getRGB(20, 80)).isEqualTo(new Color(200, 0, 0).getRGB());
        assertThat(thumbnail.getRGB(300, 80) >>> 24).isZero();
    }

    @Test
    void theSecondCallReadsTheDescriptorAndWritesNothing() {
        Version version = uploaded(1, "image/png", encode(aPoster(2000, 1000), "png"));
        List<Rendition> first = renditions.ensure(WORK, version);
        Map<String, ObjectInfo> before = renditionObjects();
        assertThat(before)
                .containsOnlyKeys(
                        "works/w-42/v1/renditions.json",
                        "works/w-42/v1/renditions/thumbnail.jpg",
                        "works/w-42/v1/renditions/preview.jpg");
        // Without the original, only the descriptor can answer.
        store.delete(version.objectKey());

        List<Rendition> second = new Renditions(store).ensure(WORK, version);

        assertThat(second).isEqualTo(first);
        assertThat(renditionObjects()).isEqualTo(before);
    }

    @Test
    void aLostRenditionIsMadeAgainAndTheOthersAreLeftAlone() {
        Version version = uploaded(1, "image/jpeg", encode(aPoster(3000, 2000), "jpeg"));
        List<Rendition> first = renditions.ensure(WORK, version);
        Map<String, ObjectInfo> before = renditionObjects();
        store.delete("works/w-42/v1/renditions/thumbnail.jpg");

        List<Rendition> again = renditions.ensure(WORK, version);

        assertThat(again).isEqualTo(first);
        Map<String, ObjectInfo> after = renditionObjects();
        assertThat(after).containsKey("works/w-42/v1/renditions/thumbnail.jpg");
        assertThat(after.get("works/w-42/v1/renditions/thumbnail.jpg").size())
                .isEqualTo(first.get(0).size());
        assertThat(after.get("works/w-42/v1/renditions/preview.jpg"))
                .isEqualTo(before.get("works/w-42/v1/renditions/preview.jpg"));
        assertThat(after.get("works/w-42/v1/renditions.json")).isEqualTo(before.get("works/w-42/v1/renditions.json"));
    }

    @Test
    void aLostOrDamagedDescriptorIsWrittenAgain() {
        Version version = uploaded(1, "image/png", encode(aPoster(640, 480), "png"));
        List<Rendition> first = renditions.ensure(WORK, version);
        store.put("works/w-42/v1/renditions.json", new ByteArrayInputStream("[{\"na".getBytes()), 5, null);

        assertThat(renditions.ensure(WORK, version)).isEqualTo(first);
        store.delete("works/w-42/v1/renditions.json");
        assertThat(renditions.ensure(WORK, version)).isEqualTo(first);

        assertThat(store.stat("works/w-42/v1/renditions.json")).isPresent();
    }

    @Test
    void concurrentCallsForOneVersionAgree() throws Exception {
        Version version = uploaded(1, "image/jpeg", encode(aPoster(2400, 1600), "jpeg"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Rendition>>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> renditions.ensure(WORK, version)));
            }
            List<List<Rendition>> results = new ArrayList<>();
            for (Future<List<Rendition>> call : calls) {
                results.add(call.get(60, TimeUnit.SECONDS));
            }
            assertThat(results).allSatisfy(result -> assertThat(result).isEqualTo(results.get(0)));
        } finally {
            pool.shutdownNow();
        }
        assertThat(renditionObjects()).hasSize(3);
        assertThat(renditions.ensure(WORK, version))
                .extracting(Rendition::width)
                .containsExactly(320, 1280);
    }

    @Test
    void findAnswersOneRenditionByName() {
        Version version = uploaded(2, "image/png", encode(aPoster(1000, 1000), "png"));

        assertThat(renditions.find(WORK, version, "thumbnail")).hasValueSatisfying(thumbnail -> {
            assertThat(thumbnail.key()).isEqualTo("works/w-42/v2/renditions/thumbnail.jpg");
            assertThat(thumbnail.width()).isEqualTo(320);
        });
        assertThat(renditions.find(WORK, version, "preview"))
                .map(Rendition::width)
                .contains(1000);
        assertThat(renditions.find(WORK, version, "poster")).isEmpty();
    }

    @Test
    void aVersionThatIsNotAnImageHasNoRenditionsAndNothingIsRead() {
        Version pdf = new Version(
                1,
                "sha256:0",
                10,
                "application/pdf",
                "a.pdf",
                "works/w-42/uploads/missing",
                null,
                Instant.EPOCH,
                null,
                null,
                null);

        assertThat(renditions.ensure(WORK, pdf)).isEmpty();
        assertThat(renditions.find(WORK, pdf, "thumbnail")).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void aTruncatedPngIsRefused() {
        byte[] png = encode(aPoster(600, 400), "png");
        Version version = uploaded(1, "image/png", Arrays.copyOf(png, png.length / 2));

        assertThatThrownBy(() -> renditions.ensure(WORK, version))
                .isInstanceOf(RenditionException.class)
                .hasMessage("the PNG image is damaged or truncated and cannot be decoded");
        assertThat(store.stat(Renditions.descriptorKey(WORK, 1))).isEmpty();
    }

    @Test
    void aTruncatedJpegIsRefusedRatherThanHalfGrey() {
        byte[] jpeg = encode(aPoster(600, 400), "jpeg");
        Version version = uploaded(1, "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2));

        assertThatThrownBy(() -> renditions.ensure(WORK, version))
                .isInstanceOf(RenditionException.class)
                .hasMessageContaining("JPEG image is")
                .hasMessageContaining("truncated");
    }

    @Test
    void bytesThatAreNotTheStatedFormatAreRefused() {
        Version version = uploaded(1, "image/jpeg", encode(aPoster(60, 40), "png"));

        assertThatThrownBy(() -> renditions.ensure(WORK, version))
                .isInstanceOf(RenditionException.class)
                .hasMessage("the file is not a readable JPEG image");
    }

    @Test
    void aMissingOriginalIsReported() {
        Version version = new Version(
                3,
                "sha256:0",
                10,
                "image/png",
                "a.png",
                "works/w-42/uploads/gone",
                null,
                Instant.EPOCH,
                null,
                null,
                null);

        assertThatThrownBy(() -> renditions.ensure(WORK, version))
                .isInstanceOf(RenditionException.class)
                .hasMessage("the original file of version 3 is missing");
    }

    @Test
    @Timeout(5)
    void aPngClaimingFiftyThousandPixelsSquareIsRefusedFromItsHeader() {
        Version version = uploaded(1, "image/png", TestImages.pngClaiming(50_000, 50_000));

        assertThatThrownBy(() -> renditions.ensure(WORK, version))
                .isInstanceOf(RenditionException.class)
                .hasMessage("the PNG image is 50000 × 50000 pixels (2500 megapixels); PNG images above 100"
                        + " megapixels are refused");
    }

    @Test
    @Timeout(5)
    void aJpegClaimingFiftyThousandPixelsSquareIsRefusedFromItsHeader() {
        byte[] hostile = TestImages.jpegClaiming(encode(aPoster(64, 64), "jpeg"), 50_000, 50_000);
        Version version = uploaded(1, "image/jpeg", hostile);

        assertThatThrownBy(() -> renditions.ensure(WORK, version))
                .isInstanceOf(RenditionException.class)
                .hasMessageContaining("2500 megapixels");
    }

    @Test
    @Timeout(5)
    void webpHasASmallerBudgetBecauseItsDecoderCannotSubsample() {
        Version version = uploaded(1, "image/webp", TestImages.webpClaiming(5000, 5000));

        assertThatThrownBy(() -> renditions.ensure(WORK, version))
                .isInstanceOf(RenditionException.class)
                .hasMessage("the WebP image is 5000 × 5000 pixels (25 megapixels); WebP images above 16"
                        + " megapixels are refused");
    }

    @Test
    void theLimitCountsPixelsNotBytes() {
        Renditions strict = new Renditions(store, 1_000_000);
        Version version = uploaded(1, "image/png", encode(aPoster(1001, 1000), "png"));

        assertThatThrownBy(() -> strict.ensure(WORK, version))
                .isInstanceOf(RenditionException.class)
                .hasMessageContaining("PNG images above 1 megapixels are refused");
    }

    @Test
    void aLosslessWebpWithTransparencyGivesPng() {
        Version version = uploaded(1, "image/webp", Base64.getDecoder().decode(LOSSLESS_WEBP_WITH_ALPHA));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made).extracting(Rendition::contentType).containsOnly("image/png");
        assertThat(made).extracting(Rendition::width).containsExactly(48, 48);
        BufferedImage thumbnail = storedImage(made.get(0));
        assertThat(thumbnail.getHeight()).isEqualTo(24);
        assertThat(thumbnail.getRGB(5, 12)).isEqualTo(Color.RED.getRGB());
        assertThat(thumbnail.getRGB(40, 12) >>> 24).isZero();
    }

    @Test
    void aLossyWebpGivesJpeg() {
        Version version = uploaded(1, "image/webp", Base64.getDecoder().decode(LOSSY_WEBP));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made).extracting(Rendition::contentType).containsOnly("image/jpeg");
        assertThat(made).extracting(Rendition::width).containsExactly(64, 64);
        assertThat(made).extracting(Rendition::height).containsExactly(32, 32);
        Color left = new Color(storedImage(made.get(1)).getRGB(8, 16));
        assertThat(left.getBlue()).isGreaterThan(200);
        assertThat(left.getGreen()).isLessThan(60);
    }

    @Test
    void gifTiffAndBmpAreReadToo() {
        Version gif = uploaded(1, "image/gif", encode(aPoster(640, 320), "gif"));
        Version bmp = uploaded(2, "image/bmp", encode(aPoster(320, 640), "bmp"));
        Version tiff = uploaded(3, "image/tiff", encode(aPoster(640, 320), "tiff"));

        assertThat(renditions.ensure(WORK, gif)).extracting(Rendition::width).containsExactly(320, 640);
        assertThat(renditions.ensure(WORK, bmp)).extracting(Rendition::height).containsExactly(320, 640);
        assertThat(renditions.ensure(WORK, tiff)).extracting(Rendition::width).containsExactly(320, 640);
    }

    @Test
    void aSidewaysPhotoIsTurnedUprightAsItsExifSays() {
        // Stored 400×200, red on the left; orientation 6 means it is shown turned a quarter clockwise.
        byte[] jpeg = encode(stripOfAlpha(halves(400, 200, Color.RED, Color.BLUE)), "jpeg");
        Version version = uploaded(1, "image/jpeg", TestImages.withExifOrientation(jpeg, 6));

        List<Rendition> made = renditions.ensure(WORK, version);

        assertThat(made).extracting(Rendition::width).containsExactly(160, 200);
        assertThat(made).extracting(Rendition::height).containsExactly(320, 400);
        BufferedImage preview = storedImage(made.get(1));
        assertThat(new Color(preview.getRGB(100, 50)).getRed()).isGreaterThan(200);
        assertThat(new Color(preview.getRGB(100, 350)).getBlue()).isGreaterThan(200);
    }

    private static BufferedImage stripOfAlpha(BufferedImage argb) {
        BufferedImage rgb = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(argb, 0, 0, null);
        return rgb;
    }

    private Version uploaded(int number, String mediaType, byte[] bytes) {
        String key = WorkRepository.originalKey(WORK, "upload-" + number);
        store.put(key, new ByteArrayInputStream(bytes), bytes.length, mediaType);
        return new Version(
                number, "sha256:test", bytes.length, mediaType, "poster", key, null, Instant.EPOCH, null, null, null);
    }

    private long sizeOf(String key) {
        return store.stat(key).orElseThrow().size();
    }

    private BufferedImage storedImage(Rendition rendition) {
        return decode(store.read(rendition.key()).orElseThrow().content());
    }

    private Map<String, ObjectInfo> renditionObjects() {
        return store.list("works/" + WORK + "/").stream()
                .filter(info -> info.key().contains("/renditions"))
                .collect(Collectors.toMap(ObjectInfo::key, Function.identity()));
    }
}
