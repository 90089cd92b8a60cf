package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.JsonObjects;

class OcrLayoutTest {

    private static final OcrLayout.Line TITLE =
            new OcrLayout.Line(0, 7, 1, null, new OcrLayout.Box(246, 24, 411, 68), 1.0, 0);
    private static final OcrLayout.Line MYTH =
            new OcrLayout.Line(8, 21, 1, null, new OcrLayout.Box(136, 217, 616, 55), 0.989, 0);
    private static final OcrLayout LAYOUT = new OcrLayout(List.of(TITLE, MYTH));

    @Test
    void aSpanLiesInTheLineItStartsInOrOverlaps() {
        assertThat(LAYOUT.lineAt(8, 14)).contains(MYTH);
        assertThat(LAYOUT.lineAt(20, 30)).contains(MYTH);
        assertThat(LAYOUT.lineAt(5, 10)).contains(TITLE);
    }

    @Test
    void textOutsideTheLinesAndEmptySpansHaveNoLine() {
        assertThat(LAYOUT.lineAt(7, 8)).as("the line break between them").isEmpty();
        assertThat(LAYOUT.lineAt(21, 40)).isEmpty();
        assertThat(LAYOUT.lineAt(0, 0)).as("a metadata finding").isEmpty();
        assertThat(new OcrLayout(null).lineAt(0, 5)).isEmpty();
    }

    @Test
    void itReadsBackWhatItWrote() {
        byte[] json = JsonObjects.MAPPER.writeValueAsBytes(LAYOUT);
        assertThat(JsonObjects.MAPPER.readValue(json, OcrLayout.class)).isEqualTo(LAYOUT);
        assertThat(OcrLayout.key("w1", 2)).isEqualTo("works/w1/v2/text.ocr.json");
    }
}
