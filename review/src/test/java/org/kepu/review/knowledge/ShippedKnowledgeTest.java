package org.kepu.review.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.Screening;
import org.kepu.review.checks.ScreeningInput;

/** Seeding must not change what the screening finds: the shipped entries screen as the shipped files do. */
class ShippedKnowledgeTest {

    @Test
    void screeningFromTheSeededEntriesFindsWhatTheShippedFilesFind() throws IOException {
        Screening shipped = Screening.standard();
        Screening seeded = KnowledgeBase.shipped().into(Screening.builder()).build();
        List<String> sentences = new ArrayList<>();
        for (String name : List.of("labelled.tsv", "heldout.tsv", "heldout-2.tsv", "heldout-3.tsv")) {
            try (InputStream in = getClass().getResourceAsStream("/screening/" + name)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> !l.isBlank() && !l.startsWith("#"))
                        .map(l -> l.split("\t", 3))
                        .filter(cols -> cols.length == 3)
                        .forEach(cols -> sentences.add(cols[2]));
            }
        }
        assertThat(sentences).hasSizeGreaterThan(100);
        int findings = 0;
        for (String text : sentences) {
            List<Finding> before = shipped.screen(ScreeningInput.ofText(text)).findings();
            List<Finding> after = seeded.screen(ScreeningInput.ofText(text)).findings();
            assertThat(after.stream().map(ShippedKnowledgeTest::uncited).toList())
                    .as(text)
                    .isEqualTo(before);
            findings += before.size();
        }
        assertThat(findings).isGreaterThan(50);
    }

    @Test
    void seededFindingsCiteTheirEntry() {
        Screening seeded = KnowledgeBase.shipped().into(Screening.builder()).build();
        List<Finding> found =
                seeded.screen(ScreeningInput.ofText("孩子吃糖多了会得多动症。")).findings();
        assertThat(found).anySatisfy(f -> assertThat(f.entryId()).isEqualTo("rumour.sugar_hyperactivity"));
    }

    @Test
    void findingsStoredBeforeCitationsReadWithoutThem() {
        String old = "{\"rule\":\"rumour.x\",\"severity\":\"BLOCKER\",\"start\":0,\"end\":2,\"excerpt\":\"ab\","
                + "\"message\":\"m\",\"source\":\"s\",\"otherWorkId\":null}";
        Finding f = org.kepu.ingestion.work.JsonObjects.MAPPER.readValue(old, Finding.class);
        assertThat(f.entryId()).isNull();
        assertThat(f.sourceUrl()).isNull();
        assertThat(f.source()).isEqualTo("s");
    }

    private static Finding uncited(Finding f) {
        return new Finding(
                f.rule(), f.severity(), f.start(), f.end(), f.excerpt(), f.message(), f.source(), f.otherWorkId());
    }
}
