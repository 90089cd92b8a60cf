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

    /** The sanitised HTML stored at extraction, or paragraphs made from the text where there is none. */
    String html(String workId, Version version, String text) {
        return works.readText(WorkRepository.versionKey(workId, version.number(), HTML))
                .orElseGet(() -> fromText(text));
    }

    static String fromText(String text) {
        StringBuilder html = new StringBuilder();
        for (String paragraph : text.split("\\R")) {
            if (!paragraph.isBlank()) {
                html.append("<p>")
                        .append(HtmlUtils.htmlEscape(paragraph.strip(), "UTF-8"))
                        .append("</p>");
            }
        }
        return html.toString();
    }
}
