package org.kepu.ingestion.rendition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kepu.ingestion.rendition.TestImages.aPoster;
import static org.kepu.ingestion.rendition.TestImages.encode;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

    private static final byte[] JPEG = encode(aPoster(16, 8), "jpeg");

    @Test
    void readsTheOrientationOfTheExifSegment() {
        for (int orientation = 1; orientation <= 8; orientation++) {
            byte[] jpeg = TestImages.withExifOrientation(JPEG, orientation);
            assertThat(ExifOrientation.of(new ByteArrayInputStream(jpeg))).isEqualTo(orientation);
        }
    }

    @Test
    void readsLittleEndianExifToo() {
        byte[] jpeg = TestImages.withExifOrientation(JPEG, 8);
        littleEndian(jpeg);

        assertThat(ExifOrientation.of(new ByteArrayInputStream(jpeg))).isEqualTo(8);
    }

    @Test
    void withoutExifOrWithNonsenseTheImageIsUpright() {
        assertThat(ExifOrientation.of(new ByteArrayInputStream(JPEG))).isEqualTo(1);
        assertThat(ExifOrientation.of(new ByteArrayInputStream(TestImages.withExifOrientation(JPEG, 99))))
                .isEqualTo(1);
        assertThat(ExifOrientation.of(new ByteArrayInputStream(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})))
                .isEqualTo(1);
        assertThat(ExifOrientation.of(new ByteArrayInputStream("not a jpeg".getBytes())))
                .isEqualTo(1);
        byte[] cut = TestImages.withExifOrientation(JPEG, 6);
        assertThat(ExifOrientation.of(new ByteArrayInputStream(Arrays.copyOf(cut, 20))))
                .isEqualTo(1);
    }

    /** Rewrites the big-endian TIFF block that {@link TestImages#withExifOrientation} makes as little-endian. */
    private static void littleEndian(byte[] jpeg) {
        int tiff = 2 + 4 + 6;
        jpeg[tiff] = 'I';
        jpeg[tiff + 1] = 'I';
        swap(jpeg, tiff + 2, 2);
        swap(jpeg, tiff + 4, 4);
        swap(jpeg, tiff + 8, 2);
        swap(jpeg, tiff + 10, 2);
        swap(jpeg, tiff + 12, 2);
        swap(jpeg, tiff + 14, 4);
        swap(jpeg, tiff + 18, 2);
    }

    private static void swap(byte[] bytes, int at, int length) {
        for (int i = 0; i < length / 2; i++) {
            byte b = bytes[at + i];
            bytes[at + i] = bytes[at + length - 1 - i];
            bytes[at + length - 1 - i] = b;
        }
    }
}
