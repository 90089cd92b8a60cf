package org.kepu.api.stats;

import java.nio.charset.StandardCharsets;
import org.kepu.review.stats.StatsReport;
import org.kepu.review.stats.StatsReport.Figures;
import org.kepu.review.stats.StatsReport.Percentiles;

/**
 * A report as CSV (RFC 4180) in long form, one figure a row: {@code group,figure,subject,value}, where
 * the totals are group {@code (all)} and {@code subject} names the check, reviewer or outlet a figure is
 * about. A spreadsheet's pivot table turns it into any table wanted, and new figures add rows, not columns.
 *
 * <p>The bytes start with a UTF-8 byte order mark: without it Excel, the spreadsheet most offices use,
 * reads a CSV in the machine's legacy code page (GBK on Chinese Windows) and garbles topics and names;
 * LibreOffice, Numbers and CSV libraries take the mark as the encoding's signature. Text that a
 * spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @} first) gets a leading
 * apostrophe, since topics and ids are typed by users.
 */
final class StatsCsv {

    static final String ALL = "(all)";
    private static final String BOM = "\uFEFF";
    private static final String CRLF = "\r\n";

    private StatsCsv() {}

    static byte[] render(StatsReport report) {
        StringBuilder out =
                new StringBuilder(BOM).append("group,figure,subject,value").append(CRLF);
        figures(out, ALL, report.totals());
        report.groups().forEach(group -> figures(out, group.key(), group.figures()));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void figures(StringBuilder out, String group, Figures f) {
        row(out, group, "submitted", "", f.submitted());
        row(out, group, "published", "", f.published());
        row(out, group, "retracted", "", f.retracted());
        percentiles(out, group, "turnaround.decision", f.turnaround().toDecision());
        percentiles(out, group, "turnaround.publication", f.turnaround().toPublication());
        row(out, group, "emergency.works", "", f.emergency().works());
        row(out, group, "emergency.decidedInTime", "", f.emergency().decidedInTime());
        row(out, group, "emergency.decidedLate", "", f.emergency().decidedLate());
        row(out, group, "emergency.overdue", "", f.emergency().overdue());
        row(out, group, "emergency.waiting", "", f.emergency().waiting());
        f.findings().forEach(c -> row(out, group, "findings." + c.severity(), c.check(), c.count()));
        row(out, group, "blockersOverruled", "", f.blockersOverruled());
        if (f.reviewers() != null) {
            f.reviewers().forEach(r -> {
                row(out, group, "reviewer.assigned", r.reviewer(), r.assigned());
                row(out, group, "reviewer.decided", r.reviewer(), r.decided());
                row(out, group, "reviewer.approved", r.reviewer(), r.approved());
                row(out, group, "reviewer.changesRequested", r.reviewer(), r.changesRequested());
                row(out, group, "reviewer.rejected", r.reviewer(), r.rejected());
                row(out, group, "reviewer.open", r.reviewer(), r.open());
            });
        }
        if (f.outlets() != null) {
            f.outlets().forEach(o -> {
                row(out, group, "outlet.feedRequests", o.outlet(), o.feedRequests());
                row(out, group, "outlet.itemRequests", o.outlet(), o.itemRequests());
                row(out, group, "outlet.downloads", o.outlet(), o.downloads());
                row(out, group, "outlet.webhookDeliveries", o.outlet(), o.webhookDeliveries());
                row(out, group, "outlet.webhookFailures", o.outlet(), o.webhookFailures());
            });
        }
    }

    private static void percentiles(StringBuilder out, String group, String figure, Percentiles p) {
        row(out, group, figure + ".samples", "", (long) p.samples());
        row(out, group, figure + ".p50Seconds", "", p.p50Seconds());
        row(out, group, figure + ".p90Seconds", "", p.p90Seconds());
    }

    /** A missing value (no samples) is an empty cell. */
    private static void row(StringBuilder out, String group, String figure, String subject, Long value) {
        out.append(field(group))
                .append(',')
                .append(field(figure))
                .append(',')
                .append(field(subject))
                .append(',')
                .append(value == null ? "" : value.toString())
                .append(CRLF);
    }

    static String field(String text) {
        String value = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (value.indexOf(',') < 0
                && value.indexOf('"') < 0
                && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0
                && value.strip().equals(value)) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
