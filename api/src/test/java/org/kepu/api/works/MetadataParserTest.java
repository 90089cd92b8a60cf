package org.kepu.api.works;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kepu.api.problem.Problem;
import org.kepu.ingestion.work.WorkMetadata;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

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
    void kindAndAudiencesMayBeGivenByTheirChineseNamesAndAreKeptAsCodes() {
        WorkMetadata metadata =
                parse("{\"title\":\"防汛指南\",\"kind\":\"漫画\",\"audiences\":[\"公务员\",\"领导干部\",\"老年人\",\"public\"]}");

        assertThat(metadata.kind()).isEqualTo("comic");
        // 公务员 and 领导干部 both stand for officials, which is kept once
        assertThat(metadata.audiences()).containsExactly("officials", "elderly", "public");
    }

    @Test
    void anUnknownKindOrAudienceIsRefusedListingTheCodesAndTheirChineseNames() {
        assertThatThrownBy(() -> parse("{\"title\":\"x\",\"kind\":\"小说\",\"audiences\":[\"学生\"]}"))
                .isInstanceOfSatisfying(
                        Problem.class,
                        problem -> assertThat(problem.extra().get("errors"))
                                .asInstanceOf(InstanceOfAssertFactories.LIST)
                                .hasSize(2)
                                .anySatisfy(error -> assertThat(error)
                                        .asInstanceOf(InstanceOfAssertFactories.MAP)
                                        .containsEntry("field", "kind")
                                        .extractingByKey("message")
                                        .asString()
                                        .contains("comic (漫画")
                                        .contains("video (视频"))
                                .anySatisfy(error -> assertThat(error)
                                        .asInstanceOf(InstanceOfAssertFactories.MAP)
                                        .containsEntry("field", "audiences")
                                        .extractingByKey("message")
                                        .asString()
                                        .contains("'学生'")
                                        .contains("officials (公务员、领导干部")));
    }

    @Test
    void anUnknownKindIsStillRefused() {
        assertThatThrownBy(() -> parse("{\"title\":\"x\",\"kind\":\"NOVEL\"}")).hasMessageContaining("metadata");
    }

    /** Each field gets the character in the middle of otherwise good text; the problem names that field. */
    @ParameterizedTest(name = "{0} with U+{1}")
    @CsvSource({
        "title, 202E",
        "title, 202A",
        "title, 2066",
        "title, 2069",
        "title, 200E",
        "title, 200F",
        "title, 061C",
        "title, 0000",
        "title, 0007",
        "title, 001B",
        "title, 007F",
        "title, 0085",
        "title, 009F",
        "title, 000A",
        "title, 0009",
        "byline, 202E",
        "byline, 000D",
        "license, 2067",
        "license, 0001",
        "summary, 202D",
        "summary, 0000",
        "summary, 0008",
        "topics, 202E",
        "topics, 000A",
        "references, 2068",
        "references, 0000",
        "kind, 202E",
        "audiences, 200F"
    })
    void bidiAndControlCharactersAreRefusedNamingTheField(String field, String hex) {
        String bad = "碳" + Character.toString(Integer.parseInt(hex, 16)) + "中和";
        Map<String, Object> metadata = new HashMap<>(Map.of("title", "碳中和", "kind", "article"));
        metadata.put(field, List.of("topics", "references", "audiences").contains(field) ? List.of(bad) : bad);

        assertThatThrownBy(() -> parser.parse(JsonMapper.builder().build().writeValueAsBytes(metadata)))
                .isInstanceOfSatisfying(Problem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                    assertThat(problem.extra().get("errors"))
                            .asInstanceOf(InstanceOfAssertFactories.LIST)
                            .anySatisfy(error -> assertThat(error)
                                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                                    .containsEntry("field", field)
                                    .extractingByKey("message")
                                    .asString()
                                    .contains("U+" + hex));
                });
    }

    @Test
    void aSummaryKeepsItsLineBreaksAndTabsAndRightToLeftTextStaysWelcome() {
        WorkMetadata metadata = parse("{\"title\":\"阿拉伯语科普 العلوم\",\"kind\":\"article\","
                + "\"summary\":\"第一段。\\n\\t第二段。\\r\\n第三段。\",\"byline\":\"  市科协\\n\"}");

        assertThat(metadata.title()).isEqualTo("阿拉伯语科普 العلوم");
        assertThat(metadata.summary()).isEqualTo("第一段。\n\t第二段。\r\n第三段。");
        // surrounding white space, line breaks included, is trimmed before the check
        assertThat(metadata.byline()).isEqualTo("市科协");
    }

    private WorkMetadata parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
