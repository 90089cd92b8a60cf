package org.kepu.api.feeds;

import java.util.Optional;
import org.kepu.ingestion.html.BodyHtml;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.WorkRepository;
import org.springframework.stereotype.Component;

/** The text of a version and its HTML body, as outlets receive them. Blocks. */
@Component
class Bodies {

    private final WorkRepository works;

    Bodies(WorkRepository works) {
        this.works = works;
    }

    Optional<String> text(Version version) {
        return version.textKey() == null ? Optional.empty() : works.readText(version.textKey());
    }

    /**
     * The HTML body made at extraction (headings and paragraphs where the source had them), or paragraphs
     * made from the text where there is none. Sanitised again as it leaves, by the same allow-list, so
     * that a body stored under an older list is held to today's.
     */
    String html(String workId, Version version, String text) {
        return works.readText(BodyHtml.bodyKey(workId, version.number()))
                .map(BodyHtml::sanitize)
                .orElseGet(() -> BodyHtml.fromText(text));
    }
}
