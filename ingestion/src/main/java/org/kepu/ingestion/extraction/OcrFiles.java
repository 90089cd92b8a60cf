package org.kepu.ingestion.extraction;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Puts RapidOCR's native library and models where it loads them from ({@code java.io.tmpdir/ocrJava/onnx}),
 * whole, before it looks. RapidOCR itself copies a file there only when none exists, writing it in place:
 * a child killed during that copy (a timeout on its first picture) would leave a truncated library that
 * every later child loads, and two children starting at once could read each other's half-written files.
 * Here each file is written beside its target and renamed onto it, and a file of the wrong size is replaced.
 */
final class OcrFiles {

    /** Resource in the RapidOCR jars → file name RapidOCR expects, for the PP-OCRv4 ONNX models. */
    static final Map<String, String> FILES = Map.of(
            "lib/libRapidOcr.so", "libRapidOcr.so",
            "models/ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_det_infer.onnx",
            "models/ch_ppocr_mobile_v2.0_cls_infer.onnx", "ch_ppocr_mobile_v2.0_cls_infer.onnx",
            "models/ch_PP-OCRv4_rec_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx",
            "models/ppocr_keys_v1.txt", "ppocr_keys_v1.txt");

    private OcrFiles() {}

    static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "ocrJava", "onnx");
    }

    /** Makes every file in {@code dir} a complete copy of its resource; resources missing here are skipped. */
    static void stage(Path dir) throws IOException {
        Files.createDirectories(dir);
        ClassLoader loader = OcrFiles.class.getClassLoader();
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            URL resource = loader.getResource(file.getKey());
            if (resource == null) {
                continue;
            }
            URLConnection connection = resource.openConnection();
            long size = connection.getContentLengthLong();
            Path target = dir.resolve(file.getValue());
            if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
                connection.getInputStream().close();
                continue;
            }
            Path part = Files.createTempFile(dir, file.getValue(), ".part");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                // A rename within the directory: a child sees the old file or the whole new one, never a part.
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
        }
    }
}
