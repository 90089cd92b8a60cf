package org.kepu.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.review.stats.StatsReport;
import org.kepu.review.stats.StatsReport.Emergency;
import org.kepu.review.stats.StatsReport.Figures;
import org.kepu.review.stats.StatsReport.Group;
import org.kepu.review.stats.StatsReport.Percentiles;
import org.kepu.review.stats.StatsReport.Turnaround;

class StatsCsvTest {

    @Test
    void fieldsWithSeparatorsQuotesOrLineBreaksAreQuotedAndFormulasDisarmed() {
        assertThat(StatsCsv.field("光学")).isEqualTo("光学");
        assertThat(StatsCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(StatsCsv.field("说\"谣言\"")).isEqualTo("\"说\"\"谣言\"\"\"");
        assertThat(StatsCsv.field("两行\r\n文字")).isEqualTo("\"两行\r\n文字\"");
        assertThat(StatsCsv.field(" padded")).isEqualTo("\" padded\"");
        assertThat(StatsCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(StatsCsv.field("-1+2")).isEqualTo("'-1+2");
        assertThat(StatsCsv.field("")).isEmpty();
    }

    @Test
    void aGroupKeyWithACommaStaysOneCellAndMissingPercentilesAreEmpty() {
        Figures empty = new Figures(
                1,
                0,
                0,
                new Turnaround(new Percentiles(0, null, null), new Percentiles(0, null, null)),
                new Emergency(0, 0, 0, 0, 0),
                List.of(),
                0,
                null,
                null);
        StatsReport report = new StatsReport(null, null, "topic", empty, List.of(new Group("天文,宇宙", empty)));

        String csv = new String(StatsCsv.render(report), StandardCharsets.UTF_8);

        assertThat(csv).startsWith("\uFEFFgroup,figure,subject,value\r\n(all),submitted,,1\r\n");
        assertThat(csv).contains("\r\n\"天文,宇宙\",submitted,,1\r\n");
        assertThat(csv).contains("\r\n(all),turnaround.decision.p50Seconds,,\r\n");
        assertThat(csv).doesNotContain("reviewer.").doesNotContain("outlet.");
    }
}
