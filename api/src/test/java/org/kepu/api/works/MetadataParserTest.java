package org.kepu.api.works;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.WorkMetadata;

class MetadataParserTest {

    private final MetadataParser parser = new MetadataParser();

    @Test
    void kindAndAudiencesAreReadWhateverTheirCase() {
        WorkMetadata metadata = parse(
                "{\"title\":\"地震避险\",\"kind\":\"ARTICLE\",\"topics\":[\"Disaster\"],\"audiences\":[\"Public\",\"public\",\"YOUTH\"]}");

        assertThat(metadata.kind()).isEqualTo("article");
        assertThat(metadata.audiences()).containsExactly("public", "youth");
        // topics are free words of the creator's, kept as written
        assertThat(metadata.topics()).containsExactly("Disaster");
    }

    @Test
    void anUnknownKindIsStillRefused() {
        assertThatThrownBy(() -> parse("{\"title\":\"x\",\"kind\":\"NOVEL\"}")).hasMessageContaining("metadata");
    }

    private WorkMetadata parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
