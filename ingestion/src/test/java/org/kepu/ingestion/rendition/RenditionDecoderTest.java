package org.kepu.ingestion.rendition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.ingestion.rendition.TestImages.encode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.rendition.RenditionDecoder.Decoded;

class RenditionDecoderTest {

    private final RenditionDecoder decoder = new RenditionDecoder(RenditionDecoder.DEFAULT_MAX_PIXELS);

    @Test
    void aLargeJpegIsDecodedSubsampledNotAtFullSize() {
        byte[] jpeg = encode(stripes(4000, 2000), "jpeg");

        Decoded decoded = decoder.decode(new ByteArrayInputStream(jpeg), "image/jpeg", 320);

        assertThat(decoded.sourceWidth()).isEqualTo(4000);
        assertThat(decoded.sourceHeight()).isEqualTo(2000);
        assertThat(decoded.image().getWidth()).isBetween(320, 639);
        assertThat(decoded.image().getHeight()).isBetween(160, 319);
    }

    @Test
    void aLargePngIsDecodedSubsampledNotAtFullSize() {
        byte[] png = encode(stripes(3000, 3000), "png");

        Decoded decoded = decoder.decode(new ByteArrayInputStream(png), "image/png", 1280);

        assertThat(decoded.image().getWidth()).isEqualTo(1500);
        assertThat(decoded.image().getHeight()).isEqualTo(1500);
    }

    @Test
    void anImageSmallerThanTheBoxIsDecodedWhole() {
        byte[] png = encode(stripes(300, 200), "png");

        Decoded decoded = decoder.decode(new ByteArrayInputStream(png), "image/png", 1280);

        assertThat(decoded.image().getWidth()).isEqualTo(300);
        assertThat(decoded.image().getHeight()).isEqualTo(200);
    }

    @Test
    void subsamplingNeverGoesBelowTheTarget() {
        assertThat(RenditionDecoder.subsampling(10_000, 10_000, 320, 320)).isEqualTo(31);
        assertThat(RenditionDecoder.subsampling(10_000, 5_000, 1280, 640)).isEqualTo(7);
        assertThat(RenditionDecoder.subsampling(1279, 500, 1279, 500)).isEqualTo(1);
        assertThat(RenditionDecoder.subsampling(2559, 2559, 1280, 1280)).isEqualTo(1);
        assertThat(RenditionDecoder.subsampling(2560, 2560, 1280, 1280)).isEqualTo(2);
    }

    /** Vertical stripes; 3 bytes a pixel keeps the test's own memory small. */
    private static BufferedImage stripes(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        int[] row = new int[width];
        for (int x = 0; x < width; x++) {
            row[x] = (x / 50) % 2 == 0 ? 0x2060a0 : 0xe0c040;
        }
        for (int y = 0; y < height; y++) {
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }
}
