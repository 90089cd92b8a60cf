package org.kepu.ingestion.rendition;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PixelsTest {

    // Source, 3×2:  A B C
    //               D E F
    private static final int A = 0x0A, B = 0x0B, C = 0x0C, D = 0x0D, E = 0x0E, F = 0x0F;

    @Test
    void everyExifOrientationTurnsThePixelsUpright() {
        assertThat(rows(Pixels.oriented(source(), 1))).isEqualTo(new int[][] {{A, B, C}, {D, E, F}});
        assertThat(rows(Pixels.oriented(source(), 2))).isEqualTo(new int[][] {{C, B, A}, {F, E, D}});
        assertThat(rows(Pixels.oriented(source(), 3))).isEqualTo(new int[][] {{F, E, D}, {C, B, A}});
        assertThat(rows(Pixels.oriented(source(), 4))).isEqualTo(new int[][] {{D, E, F}, {A, B, C}});
        assertThat(rows(Pixels.oriented(source(), 5))).isEqualTo(new int[][] {{A, D}, {B, E}, {C, F}});
        assertThat(rows(Pixels.oriented(source(), 6))).isEqualTo(new int[][] {{D, A}, {E, B}, {F, C}});
        assertThat(rows(Pixels.oriented(source(), 7))).isEqualTo(new int[][] {{F, C}, {E, B}, {D, A}});
        assertThat(rows(Pixels.oriented(source(), 8))).isEqualTo(new int[][] {{C, F}, {B, E}, {A, D}});
    }

    @Test
    void scalingHalvesThenLandsExactlyOnTheTarget() {
        BufferedImage large = Pixels.normalised(new BufferedImage(2000, 1000, BufferedImage.TYPE_3BYTE_BGR), false);

        BufferedImage scaled = Pixels.scaled(large, new Size(333, 167));

        assertThat(scaled.getWidth()).isEqualTo(333);
        assertThat(scaled.getHeight()).isEqualTo(167);
        assertThat(scaled.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void onlyPixelsThatAreNotOpaqueCountAsTransparency() {
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                argb.setRGB(x, y, 0xff336699);
            }
        }
        assertThat(Pixels.hasTransparency(argb)).isFalse();

        argb.setRGB(3, 3, 0x80336699);
        assertThat(Pixels.hasTransparency(argb)).isTrue();
        assertThat(Pixels.hasTransparency(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB)))
                .isFalse();
    }

    @Test
    void sizesFitTheBoxAndAreNeverEnlarged() {
        assertThat(Size.fit(2000, 1000, 320)).isEqualTo(new Size(320, 160));
        assertThat(Size.fit(1000, 3000, 1280)).isEqualTo(new Size(427, 1280));
        assertThat(Size.fit(100, 50, 320)).isEqualTo(new Size(100, 50));
        assertThat(Size.fit(100_000, 1, 320)).isEqualTo(new Size(320, 1));
    }

    private static BufferedImage source() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 3, 2, new int[] {A, B, C, D, E, F}, 0, 3);
        return image;
    }

    private static int[][] rows(BufferedImage image) {
        int[][] rows = new int[image.getHeight()][];
        for (int y = 0; y < image.getHeight(); y++) {
            rows[y] = image.getRGB(0, y, image.getWidth(), 1, null, 0, image.getWidth());
            for (int x = 0; x < rows[y].length; x++) {
                rows[y][x] &= 0xffffff;
            }
        }
        return rows;
    }
}
