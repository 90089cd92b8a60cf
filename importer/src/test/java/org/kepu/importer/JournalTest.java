package org.kepu.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    private static final String W1 = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String W2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String W3 = "e4eaaaf2-d142-11e1-b3e4-080027620cdd";

    @TempDir
    Path folder;

    @Test
    void whatWasJournaledIsKnownToTheNextRun() throws Exception {
        Path file = folder.resolve("journal");
        try (Journal journal = Journal.open(file)) {
            journal.imported("防灾/地震.md", W1);
            journal.imported("b.pdf", W2);
        }
        try (Journal journal = Journal.open(file)) {
            assertThat(journal.workOf("防灾/地震.md")).contains(W1);
            assertThat(journal.workOf("b.pdf")).contains(W2);
            assertThat(journal.workOf("c.pdf")).isEmpty();
        }
    }

    @Test
    void aLineTornByACrashIsIgnoredAndTheNextLineStartsClean() throws Exception {
        Path file = folder.resolve("journal");
        Files.writeString(file, "a.md\t" + W1 + "\nb.md\t" + W2.substring(0, 20), StandardCharsets.UTF_8);
        try (Journal journal = Journal.open(file)) {
            assertThat(journal.size()).isEqualTo(1);
            journal.imported("c.md", W3);
        }
        try (Journal journal = Journal.open(file)) {
            assertThat(journal.workOf("a.md")).contains(W1);
            assertThat(journal.workOf("b.md")).isEmpty();
            assertThat(journal.workOf("c.md")).contains(W3);
        }
    }

    @Test
    void pathsThatWouldBreakALineAreNotJournalable() {
        assertThat(Journal.journalable("a\tb.md")).isFalse();
        assertThat(Journal.journalable("a\nb.md")).isFalse();
        assertThat(Journal.journalable("目录/a b.md")).isTrue();
    }
}
