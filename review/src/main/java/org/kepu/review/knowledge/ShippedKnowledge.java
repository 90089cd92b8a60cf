package org.kepu.review.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kepu.review.knowledge.KnowledgeEntry.Draft;
import org.kepu.review.knowledge.KnowledgeEntry.Kind;
import org.kepu.review.knowledge.KnowledgeEntry.Myth;
import org.kepu.review.knowledge.KnowledgeEntry.Rumour;
import org.kepu.review.knowledge.KnowledgeEntry.Source;
import org.kepu.review.knowledge.KnowledgeEntry.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The knowledge kepu ships ({@code myths.json}, {@code rumours.json}, {@code reference-values.json}) as
 * entries, to seed the knowledge base on first start. The files are read as plain JSON trees rather than
 * through the checks' own records, so a field one of them gains (a quantity's {@code sourceUrl}) is taken
 * when present and nothing breaks while it is absent.
 */
public final class ShippedKnowledge {

    /** The actor of seeded entries' first change. */
    public static final String SEEDER = "system";

    /** Shipped rumours and quantities name no discipline; they are filed under this one. */
    static final String GENERAL = "general";

    private static final String DIR = "/org/kepu/review/checks/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ShippedKnowledge() {}

    /** Every shipped myth family, rumour and quantity, each at revision 1 seeded at {@code at}. */
    public static List<KnowledgeEntry> entries(Instant at) {
        List<KnowledgeEntry> out = new ArrayList<>();
        JsonNode myths = read("myths.json");
        Map<String, Myth.Direction> directions = new HashMap<>();
        JsonNode given = myths.path("directions");
        given.path("benefit").forEach(id -> directions.put(id.asString(), Myth.Direction.BENEFIT));
        given.path("harm").forEach(id -> directions.put(id.asString(), Myth.Direction.HARM));
        for (JsonNode r : myths.path("rules")) {
            String id = r.path("id").asString();
            Myth myth = new Myth(
                    r.path("name").asString(),
                    strings(r.path("subjects")),
                    strings(r.path("effects")),
                    strings(r.path("phrasings")),
                    strings(r.path("names")),
                    strings(r.path("excludes")),
                    r.path("fact").asString(),
                    directions.get(id));
            String family = r.path("family").isString() ? r.path("family").asString() : id.split("\\.", 3)[1];
            out.add(seeded(id, new Draft(Kind.MYTH, family, source(r), myth, null, null), at));
        }
        for (JsonNode r : read("rumours.json").path("rumours")) {
            Rumour rumour =
                    new Rumour(r.path("claim").asString(), r.path("debunk").asString());
            out.add(seeded(
                    "rumour." + r.path("id").asString(),
                    new Draft(Kind.RUMOUR, GENERAL, source(r), null, rumour, null),
                    at));
        }
        for (JsonNode q : read("reference-values.json").path("quantities")) {
            Value value = new Value(
                    q.path("name").asString(),
                    strings(q.path("aliases")),
                    strings(q.path("requires")),
                    strings(q.path("excludes")),
                    q.path("units").asString(),
                    q.path("min").asDouble(),
                    q.path("max").asDouble(),
                    q.path("display").asString());
            out.add(seeded(
                    "value." + q.path("id").asString(),
                    new Draft(Kind.VALUE, GENERAL, source(q), null, null, value),
                    at));
        }
        return out;
    }

    private static KnowledgeEntry seeded(String id, Draft draft, Instant at) {
        return KnowledgeEntry.created(id, draft, "seed", SEEDER, at);
    }

    /** The item's source title, and its {@code sourceUrl} where the file gives one. */
    private static Source source(JsonNode item) {
        JsonNode url = item.path("sourceUrl");
        return new Source(
                item.path("source").asString(),
                url.isString() && !url.asString().isBlank() ? url.asString() : null);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static JsonNode read(String name) {
        try (InputStream in = ShippedKnowledge.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIR + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
