package org.kepu.ingestion.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.detect.Corpus;

class SubtitleTextTest {

    /** The expression tag stripping used to be; it backtracks quadratically on unclosed brackets. */
    private static final Pattern BACKTRACKING_TAGS = Pattern.compile("<[^>]*>|\\{\\\\[^}]*}");

    @TempDir
    Path dir;

    @Test
    void stripsTagsExactlyAsTheRegexDid() {
        Random random = new Random(9);
        String alphabet = "<>{}\\ab科";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder line = new StringBuilder();
            for (int i = random.nextInt(14); i > 0; i--) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = line.toString();
            assertThat(SubtitleText.withoutTags(input))
                    .as("tags stripped from %s", input)
                    .isEqualTo(BACKTRACKING_TAGS.matcher(input).replaceAll(""));
        }
    }

    @Test
    void keepsTheWordsBetweenTags() {
        assertThat(SubtitleText.withoutTags("<i>疫苗</i>{\\an8}<c.yellow>预防</c>传染病"))
                .isEqualTo("疫苗预防传染病");
        assertThat(SubtitleText.withoutTags("a < b and c > d")).isEqualTo("a  d");
        assertThat(SubtitleText.withoutTags("x<y")).isEqualTo("x<y");
    }

    @Test
    void hostileLinesTakeLinearTime() throws IOException {
        String text = Corpus.VACCINES;
        assertCue("<".repeat(200_000) + text, text);
        assertCue("<b".repeat(100_000) + text, text);
        assertCue("{\\an8".repeat(100_000) + text, text);
        assertCue("{\\an8".repeat(100_000) + "}" + text, text);
        assertCue("<i>".repeat(100_000) + text + "</i>".repeat(100_000), text);
    }

    private void assertCue(String cue, String spoken) throws IOException {
        Path srt = Files.writeString(
                dir.resolve("hostile.srt"), "1\n00:00:01,000 --> 00:00:03,500\n" + cue + "\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out.txt");
        long start = System.nanoTime();
        SubtitleText.Result result = SubtitleText.extract(srt, StandardCharsets.UTF_8, 2_000_000, out);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        String extracted = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(extracted).endsWith(spoken + "\n");
        assertThat(result.chars()).isEqualTo(extracted.length());
    }
}
