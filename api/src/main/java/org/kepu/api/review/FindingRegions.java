package org.kepu.api.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.kepu.api.works.WorkService;
import org.kepu.ingestion.extraction.OcrLayout;
import org.kepu.review.checks.Finding;
import org.springframework.stereotype.Component;

/**
 * Where on the picture a finding is, for findings whose span lies in text OCR read: the stored layout of
 * the version's text ({@link OcrLayout}) gives the page and box of the line the span starts in. Blocking.
 */
@Component
class FindingRegions {

    /**
     * A finding as answered: its own fields, and {@code region} only when its span lies in OCR text and
     * the finding is about that span, not about the work as a whole.
     */
    record LocatedFinding(
            @JsonUnwrapped Finding finding,
            @JsonInclude(JsonInclude.Include.NON_NULL) Region region) {}

    /** The line of the picture holding the span: page (null when unknown), box in pixels, confidence. */
    record Region(Integer page, String source, OcrLayout.Box box, double confidence, int dpi) {
        static Region of(OcrLayout.Line line) {
            return new Region(line.page(), line.source(), line.box(), line.confidence(), line.dpi());
        }
    }

    private final WorkService works;

    FindingRegions(WorkService works) {
        this.works = works;
    }

    List<LocatedFinding> locate(String workId, int version, List<Finding> findings) {
        OcrLayout layout = new OcrLayout(works.ocrLines(workId, version));
        return findings.stream()
                .map(f -> new LocatedFinding(
                        f,
                        f.aboutTheWholeWork()
                                ? null
                                : layout.lineAt(f.start(), f.end())
                                        .map(Region::of)
                                        .orElse(null)))
                .toList();
    }
}
