package org.kepu.review.knowledge;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kepu.review.checks.KnownRumour;
import org.kepu.review.checks.MythRule;
import org.kepu.review.checks.MythRulePack;
import org.kepu.review.checks.ReferenceValue;
import org.kepu.review.checks.ReferenceValues;
import org.kepu.review.knowledge.KnowledgeEntry.Draft;
import org.kepu.review.knowledge.KnowledgeEntry.Myth;
import org.kepu.review.knowledge.KnowledgeEntry.Rumour;
import org.kepu.review.knowledge.KnowledgeEntry.Value;

/** Turns entries into the rules the checks run, and says what is wrong with a draft that cannot be one. */
final class KnowledgeRules {

    static final int MAX_TERMS = 200;
    static final int MAX_TERM = 200;
    static final int MAX_TEXT = 2000;

    private KnowledgeRules() {}

    static MythRule myth(String id, Draft d) {
        Myth m = d.myth();
        String family = id.split("\\.", 3)[1];
        return new MythRule(
                id,
                family,
                m.name(),
                m.subjects(),
                m.effects(),
                m.phrasings(),
                m.names(),
                m.excludes(),
                m.fact(),
                d.source().title());
    }

    static KnownRumour rumour(String id, Draft d) {
        Rumour r = d.rumour();
        return new KnownRumour(
                id.substring("rumour.".length()),
                r.claim(),
                r.refutation(),
                d.source().title());
    }

    /** The one place a value entry becomes a {@link ReferenceValue}, with its source's title and link. */
    static ReferenceValue value(String id, Draft d) {
        Value v = d.value();
        return new ReferenceValue(
                id.substring("value.".length()),
                v.name(),
                v.aliases(),
                v.requires(),
                v.excludes(),
                v.units(),
                v.min(),
                v.max(),
                v.display(),
                d.source().title(),
                d.source().url());
    }

    /** Directions as the rule pack takes them: {@code benefit}/{@code harm} to the families claiming it. */
    static Map<String, List<String>> directions(List<KnowledgeEntry> myths) {
        List<String> benefit = new ArrayList<>();
        List<String> harm = new ArrayList<>();
        for (KnowledgeEntry e : myths) {
            if (e.myth().direction() == Myth.Direction.BENEFIT) {
                benefit.add(e.id());
            } else if (e.myth().direction() == Myth.Direction.HARM) {
                harm.add(e.id());
            }
        }
        return Map.of("benefit", benefit, "harm", harm);
    }

    /**
     * Everything wrong with a draft, one line each, for a 422 answer; empty when it can be put in force.
     * The kind's own rule is compiled, so a term that is no valid pattern or names an unknown term set or
     * unit set is found here and not at the next screening.
     */
    static List<String> problems(String id, Draft d) {
        List<String> out = new ArrayList<>();
        if (d == null) {
            return List.of("the entry is missing");
        }
        if (d.kind() == null) {
            out.add("kind: one of MYTH, RUMOUR, VALUE");
            return out;
        }
        text(out, "discipline", d.discipline(), 64);
        if (d.source() == null) {
            out.add("source: a title and, where there is one, a link");
        } else {
            text(out, "source.title", d.source().title(), 200);
            String url = d.source().url();
            if (url != null && !url.isBlank() && !isWebLink(url)) {
                out.add("source.url: an absolute http or https link");
            }
        }
        int bodies = (d.myth() != null ? 1 : 0) + (d.rumour() != null ? 1 : 0) + (d.value() != null ? 1 : 0);
        if (bodies > 1) {
            out.add("only the part of the entry's kind may be given (myth, rumour or value)");
        }
        switch (d.kind()) {
            case MYTH -> mythProblems(out, id, d);
            case RUMOUR -> rumourProblems(out, d);
            case VALUE -> valueProblems(out, id, d);
        }
        return out;
    }

    private static void mythProblems(List<String> out, String id, Draft d) {
        Myth m = d.myth();
        if (m == null) {
            out.add("myth: a MYTH entry needs its family (name, fact and terms)");
            return;
        }
        text(out, "myth.name", m.name(), 100);
        text(out, "myth.fact", m.fact(), MAX_TEXT);
        terms(out, "myth.subjects", m.subjects());
        terms(out, "myth.effects", m.effects());
        terms(out, "myth.phrasings", m.phrasings());
        terms(out, "myth.names", m.names());
        terms(out, "myth.excludes", m.excludes());
        if (m.phrasings().isEmpty()
                && m.names().isEmpty()
                && (m.subjects().isEmpty() || m.effects().isEmpty())) {
            out.add("myth: needs phrasings, names, or both subjects and effects");
        }
        if (out.isEmpty()) {
            try {
                MythRulePack.of("check", List.of(myth(id, d)), Map.of());
            } catch (RuntimeException e) {
                out.add("myth: " + e.getMessage());
            }
        }
    }

    private static void rumourProblems(List<String> out, Draft d) {
        Rumour r = d.rumour();
        if (r == null) {
            out.add("rumour: a RUMOUR entry needs its claim and refutation");
            return;
        }
        text(out, "rumour.claim", r.claim(), 200);
        text(out, "rumour.refutation", r.refutation(), MAX_TEXT);
        if (r.claim() != null
                && r.claim().strip().codePointCount(0, r.claim().strip().length()) < 4) {
            out.add("rumour.claim: at least 4 characters, the claim as it circulates");
        }
    }

    private static void valueProblems(List<String> out, String id, Draft d) {
        Value v = d.value();
        if (v == null) {
            out.add("value: a VALUE entry needs its quantity (name, aliases, units, min, max, display)");
            return;
        }
        text(out, "value.name", v.name(), 100);
        text(out, "value.units", v.units(), 64);
        text(out, "value.display", v.display(), 200);
        if (v.aliases().isEmpty()) {
            out.add("value.aliases: at least one way texts name the quantity");
        }
        terms(out, "value.aliases", v.aliases());
        terms(out, "value.requires", v.requires());
        terms(out, "value.excludes", v.excludes());
        if (v.min() == null || v.max() == null || !Double.isFinite(v.min()) || !Double.isFinite(v.max())) {
            out.add("value.min, value.max: the accepted range in canonical units");
        } else if (v.min() > v.max()) {
            out.add("value.min: not above value.max");
        }
        if (out.isEmpty()) {
            try {
                ReferenceValues.of("check", List.of(value(id, d)));
            } catch (RuntimeException e) {
                out.add("value: " + e.getMessage());
            }
        }
    }

    private static void text(List<String> out, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            out.add(field + ": required");
        } else if (value.length() > max) {
            out.add(field + ": at most " + max + " characters");
        }
    }

    private static void terms(List<String> out, String field, List<String> terms) {
        if (terms.size() > MAX_TERMS) {
            out.add(field + ": at most " + MAX_TERMS + " terms");
        }
        for (String t : terms) {
            if (t == null || t.isBlank() || t.length() > MAX_TERM) {
                out.add(field + ": terms are non-blank and at most " + MAX_TERM + " characters");
                return;
            }
        }
    }

    private static boolean isWebLink(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute()
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null
                    && url.length() <= 2000;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
