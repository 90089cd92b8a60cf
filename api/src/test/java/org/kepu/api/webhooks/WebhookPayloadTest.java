package org.kepu.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kepu.api.feeds.ChannelChanges.Change;
import org.kepu.api.feeds.ChannelChanges.Type;
import org.kepu.ingestion.work.JsonObjects;
import tools.jackson.databind.JsonNode;

/**
 * A webhook event is thin: which item changed and where to read it. It names no creator, so a tombstone
 * delivered to every outlet of a channel carries no account id; the byline is read from the item itself.
 */
class WebhookPayloadTest {

    private static final Set<String> DATA = Set.of("id", "channel", "version", "seq", "pubstatus", "url", "reason");

    private static Set<String> names(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void everyEventCarriesOnlyTheItemAndWhereToReadIt() {
        for (Type type : Type.values()) {
            Change change = new Change(
                    "0f8e2a4c-3b1d-4c5e-9f7a-2b6d8e0c1a3f",
                    "kids",
                    type,
                    2,
                    7,
                    Instant.parse("2026-01-02T03:04:05Z"),
                    type == Type.RETRACTED ? "引用的研究已被撤稿" : null);
            JsonNode event = JsonObjects.MAPPER.readTree(WebhookDelivery.payload(change, "https://kepu.example.org/"));

            assertThat(names(event)).as(type.name()).containsExactlyInAnyOrder("type", "timestamp", "data");
            JsonNode data = event.get("data");
            assertThat(names(data)).as(type.name()).isSubsetOf(DATA).contains("id", "channel", "url");
            assertThat(data.get("url").stringValue())
                    .isEqualTo("https://kepu.example.org/api/v1/channels/kids/items/" + change.workId());
        }
    }
}
