package org.kepu.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {

    @TempDir
    Path folder;

    @Test
    void filesWithSidecarsAreWorksAndTheRestIsReportedNotGuessed() throws Exception {
        Files.createDirectories(folder.resolve("防灾/地震"));
        Files.writeString(folder.resolve("防灾/地震/逃生.md"), "# 逃生");
        Files.writeString(folder.resolve("防灾/地震/逃生.md.json"), "{}");
        Files.writeString(folder.resolve("海报.png"), "png");
        Files.writeString(folder.resolve("孤儿.pdf.json"), "{}");
        Files.createDirectories(folder.resolve(".git"));
        Files.writeString(folder.resolve(".git/config"), "x");
        Files.writeString(folder.resolve(".journal"), "x");

        Sources.Scan scan = Sources.scan(folder);

        assertThat(scan.works()).extracting(Sources.SourceWork::relative).containsExactly("防灾/地震/逃生.md");
        assertThat(scan.unpaired())
                .containsExactlyInAnyOrder(
                        new Sources.Failure("海报.png", "no metadata sidecar 海报.png.json"),
                        new Sources.Failure("孤儿.pdf.json", "a sidecar without the file it describes"));
    }

    @Test
    void anEmptyFolderHasNoWorks() throws Exception {
        Sources.Scan scan = Sources.scan(folder);
        assertThat(scan.works()).isEmpty();
        assertThat(scan.unpaired()).isEmpty();
    }
}
