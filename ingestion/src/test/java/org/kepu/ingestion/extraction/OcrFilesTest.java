package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrFilesTest {

    @TempDir
    Path dir;

    @Test
    void aTruncatedLibraryLeftByAKilledChildIsReplacedWhole() throws IOException {
        byte[] library;
        try (InputStream in = OcrFiles.class.getClassLoader().getResourceAsStream("lib/libRapidOcr.so")) {
            library = in.readAllBytes();
        }
        Files.write(dir.resolve("libRapidOcr.so"), Arrays.copyOf(library, 4096));

        OcrFiles.stage(dir);

        assertThat(Files.readAllBytes(dir.resolve("libRapidOcr.so"))).isEqualTo(library);
        for (String name : OcrFiles.FILES.values()) {
            assertThat(dir.resolve(name)).isRegularFile();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void completeFilesAreLeftAsTheyAre() throws IOException {
        OcrFiles.stage(dir);
        Path model = dir.resolve("ch_PP-OCRv4_det_infer.onnx");
        var modified = Files.getLastModifiedTime(model);
        OcrFiles.stage(dir);
        assertThat(Files.getLastModifiedTime(model)).isEqualTo(modified);
    }
}
