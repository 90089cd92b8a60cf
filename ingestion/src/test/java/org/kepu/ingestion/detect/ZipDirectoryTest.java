package org.kepu.ingestion.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void documentsAreWithinBounds() throws IOException {
        for (byte[] document : new byte[][] {
            Corpus.docx(Corpus.VACCINES),
            Corpus.pptx(Corpus.VACCINES),
            Corpus.odt(Corpus.VACCINES),
            Corpus.epub(Corpus.VACCINES),
            Corpus.docxWithZipBomb(Corpus.VACCINES)
        }) {
            assertThat(ZipDirectory.check(Files.write(dir.resolve("doc.zip"), document)))
                    .isEmpty();
        }
        assertThat(ZipDirectory.check(HostileZips.manyEntries(dir.resolve("just.zip"), ZipDirectory.MAX_ENTRIES)))
                .isEmpty();
    }

    @Test
    void tooManyEntriesOrTooLongANameListAreTooLarge() throws IOException {
        assertThat(ZipDirectory.check(HostileZips.manyEntries(dir.resolve("more.zip"), ZipDirectory.MAX_ENTRIES + 1)))
                .contains(ZipDirectory.Problem.TOO_LARGE);
        // Beyond 65,535 entries the counts live in the zip64 end record.
        assertThat(ZipDirectory.check(HostileZips.manyEntries(dir.resolve("zip64.zip"), 70_000)))
                .contains(ZipDirectory.Problem.TOO_LARGE);
        assertThat(ZipDirectory.check(HostileZips.longNames(dir.resolve("names.zip"), 80, 60_000)))
                .contains(ZipDirectory.Problem.TOO_LARGE);
    }

    @Test
    void aPartThatInflatesFarBeyondItsSizeIsTooLarge() throws IOException {
        Path bomb = HostileZips.inflatingContentTypes(dir.resolve("bomb.docx"), 200 << 20);
        assertThat(Files.size(bomb)).isLessThan(1L << 20);
        assertThat(ZipDirectory.check(bomb)).contains(ZipDirectory.Problem.TOO_LARGE);
        // A thousandfold is a bomb; a part within POI's hundredfold is not.
        Path fine = HostileZips.inflatingContentTypes(dir.resolve("fine.docx"), 1 << 20);
        assertThat(ZipDirectory.check(fine)).isEmpty();
    }

    @Test
    void anEndRecordThatUnderstatesTheEntriesDoesNotHideThem() throws IOException {
        assertThat(ZipDirectory.check(HostileZips.understated(dir.resolve("liar.zip"), 20_000, 10)))
                .contains(ZipDirectory.Problem.TOO_LARGE);
    }

    @Test
    void aZipWithoutItsEndOrWithADisplacedDirectoryIsDamaged() throws IOException {
        byte[] docx = Corpus.docx(Corpus.VACCINES);
        assertThat(ZipDirectory.check(Files.write(dir.resolve("cut.zip"), Arrays.copyOf(docx, docx.length / 2))))
                .contains(ZipDirectory.Problem.DAMAGED);
        byte[] shifted = new byte[docx.length + 100];
        System.arraycopy(docx, 0, shifted, 100, docx.length);
        assertThat(ZipDirectory.check(Files.write(dir.resolve("shifted.zip"), shifted)))
                .contains(ZipDirectory.Problem.DAMAGED);
        assertThat(ZipDirectory.check(Files.write(dir.resolve("tiny.zip"), new byte[] {'P', 'K', 3, 4})))
                .contains(ZipDirectory.Problem.DAMAGED);
    }
}
