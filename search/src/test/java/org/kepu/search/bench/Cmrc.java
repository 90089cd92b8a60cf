package org.kepu.search.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CMRC 2018 development set, read only by benchmarks: its passages and its questions, each
 * question relevant to its own passage. The file comes from {@code -Dkepu.cmrc=…}, else from
 * {@code ../shared/data/cmrc2018/cmrc2018_dev.json} beside the reactor root.
 */
final class Cmrc {

    record Passage(int id, String title, String context) {}

    record Question(String text, int passage) {}

    final List<Passage> passages = new ArrayList<>();
    final List<Question> questions = new ArrayList<>();

    static Cmrc load() throws IOException {
        Path file = locate();
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
        Cmrc cmrc = new Cmrc();
        for (JsonNode doc : root.get("data")) {
            for (JsonNode paragraph : doc.get("paragraphs")) {
                int id = cmrc.passages.size();
                cmrc.passages.add(new Passage(
                        id,
                        doc.get("title").asString(),
                        paragraph.get("context").asString()));
                for (JsonNode qa : paragraph.get("qas")) {
                    cmrc.questions.add(new Question(qa.get("question").asString(), id));
                }
            }
        }
        return cmrc;
    }

    private static Path locate() {
        String configured = System.getProperty("kepu.cmrc");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate =
                    dir.resolve("../shared/data/cmrc2018/cmrc2018_dev.json").normalize();
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("CMRC 2018 dev set not found; pass -Dkepu.cmrc=/path/to/cmrc2018_dev.json");
    }
}
