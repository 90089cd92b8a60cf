package org.kepu.api.feeds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An IPTC ninjs 2.2 item. The schema admits no members of kepu's own anywhere, so kepu's data travels in
 * ninjs' own members: ids in {@code altids}, topics and audiences in {@code subjects}, the scientific
 * review in {@code trustindicators}. Absent members are left out, never written as null.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Ninjs(
        String uri,
        String type,
        String representationtype,
        String version,
        String firstcreated,
        String versioncreated,
        String contentcreated,
        String pubstatus,
        String copyrightnotice,
        String usageterms,
        String ednote,
        String language,
        List<Text> headlines,
        List<Text> descriptions,
        List<Body> bodies,
        String by,
        List<Subject> subjects,
        List<Genre> genres,
        List<Rendition> renditions,
        List<AltId> altids,
        List<TrustIndicator> trustindicators) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Text(String role, String contenttype, String value) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String role, String contenttype, Integer charcount, String value) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Subject(String name, String rel, String uri) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Genre(String name, String uri) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rendition(
            String name,
            String href,
            String contenttype,
            String title,
            Integer width,
            Integer height,
            Long sizeinbytes) {}

    record AltId(String role, String value) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TrustIndicator(String role, String title, String href) {}
}
