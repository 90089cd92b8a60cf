package org.kepu.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarTest {

    @TempDir
    Path folder;

    @Test
    void theCreatorIsTakenOutAndTheRestIsKepusMetadataUnchanged() throws Exception {
        Sidecar sidecar =
                read("{\"creator\":\"alice\",\"title\":\"碳中和\",\"kind\":\"article\",\"topics\":[\"carbon\"]}");
        assertThat(sidecar.creator()).contains("alice");
        assertThat(sidecar.metadata()).isEqualTo("{\"title\":\"碳中和\",\"kind\":\"article\",\"topics\":[\"carbon\"]}");
    }

    @Test
    void withoutACreatorTheWorkIsTheCallersOwn() throws Exception {
        assertThat(read("{\"title\":\"t\"}").creator()).isEmpty();
    }

    @Test
    void brokenSidecarsFailWithAReason() {
        assertThatThrownBy(() -> read("{\"title\":")).hasMessageStartingWith("the sidecar is not JSON");
        assertThatThrownBy(() -> read("[1,2]")).hasMessage("the sidecar must hold one JSON object");
        assertThatThrownBy(() -> read("{\"creator\":42}")).hasMessage("'creator' must be a string");
    }

    private Sidecar read(String json) throws Exception {
        Path file = Files.writeString(folder.resolve("a.md.json"), json);
        return Sidecar.read(file);
    }
}
