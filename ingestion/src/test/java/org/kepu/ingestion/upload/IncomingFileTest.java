package org.kepu.ingestion.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;

/** An upload fed piece by piece: the same checks as a streamed one, and nothing left behind a refusal. */
class IncomingFileTest {

    @TempDir
    Path root;

    /** Markdown is judged from its head; anything starting with "MZ" is refused there. */
    private final MediaTypeCheck check = new MediaTypeCheck() {
        @Override
        public Optional<String> fromHead(byte[] head, String fileName) {
            if (head[0] == 'M' && head[1] == 'Z') {
                throw new UnsupportedFileException("an executable");
            }
            return Optional.of("text/markdown");
        }

        @Override
        public String fromWhole(Supplier<InputStream> content, String fileName) {
            return "application/octet-stream";
        }

        @Override
        public String subtitlesFromHead(byte[] head, String fileName) {
            return "text/vtt";
        }
    };

    @Test
    void piecesBecomeOneStoredFileWithItsDigestAndType() throws Exception {
        ObjectStore store = new FileSystemObjectStore(root);
        UploadService uploads = new UploadService(store, check, 1024 * 1024);
        byte[] text = "# 光速\n\n光速约为每秒30万公里。\n".repeat(3000).getBytes(UTF_8);

        IncomingFile incoming = uploads.receive("w1", "../光速.md");
        for (int offset = 0; offset < text.length; offset += 7000) {
            incoming.write(text, offset, Math.min(7000, text.length - offset));
        }
        StoredFile stored = incoming.finish();

        assertThat(stored.size()).isEqualTo(text.length);
        assertThat(stored.fileName()).isEqualTo("光速.md");
        assertThat(stored.mediaType()).isEqualTo("text/markdown");
        assertThat(stored.digest())
                .isEqualTo("sha256:"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(text)));
        try (InputStream in = store.open(stored.objectKey()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
    }

    @Test
    void aRefusalLeavesNothingInTheStore() {
        ObjectStore store = new FileSystemObjectStore(root);
        UploadService uploads = new UploadService(store, check, 100_000);

        IncomingFile tooLarge = uploads.receive("w1", "big.md");
        tooLarge.write(new byte[] {'#', ' '}, 0, 2);
        assertThatThrownBy(() -> tooLarge.write(new byte[100_000], 0, 100_000))
                .isInstanceOf(UploadTooLargeException.class);

        IncomingFile executable = uploads.receive("w1", "setup.md");
        byte[] exe = new byte[70_000];
        exe[0] = 'M';
        exe[1] = 'Z';
        assertThatThrownBy(() -> executable.write(exe, 0, exe.length)).isInstanceOf(UnsupportedFileException.class);

        IncomingFile empty = uploads.receive("w1", "empty.md");
        assertThatThrownBy(empty::finish).isInstanceOf(EmptyFileException.class);

        IncomingFile abandoned = uploads.receive("w1", "half.md");
        abandoned.write("# 一半".getBytes(UTF_8), 0, 8);
        abandoned.abort();
        assertThatThrownBy(() -> abandoned.write(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);

        assertThat(store.list("works/")).isEmpty();
        assertThat(root.resolve(".kepu-tmp").toFile().list()).containsExactly("store.lock");
    }
}
