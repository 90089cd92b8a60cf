package org.kepu.search.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Taiwan and Hong Kong vocabulary to the mainland word ({@code 軟體}→{@code 软件}, {@code 人工智慧}→
 * {@code 人工智能}, {@code 資訊}→{@code 信息}), from OpenCC's {@code TWPhrases} table (mainland phrase to
 * Taiwan phrase) read backwards. Keys are in the folded form the analyzer sees after {@link CharFolding},
 * so {@code 軟體} and {@code 软体} both map.
 *
 * <p>A Taiwan phrase that is also a mainland word is left out: read backwards, {@code 程序 程式} and
 * {@code 进程 程序} would turn every mainland {@code 程序} into {@code 进程}, and {@code 仿真 模擬} every
 * {@code 模拟} into {@code 仿真}. A phrase counts as a mainland word when it is a mainland phrase of the
 * table or smartcn's mainland dictionary holds it whole, and {@code regional-exclusions.txt} names the
 * everyday mainland words smartcn does not know whole ({@code 文字}, {@code 离线}). Left out so, {@code 网路}
 * and {@code 资讯} are not converted; the synonym list pairs them with {@code 网络} and {@code 信息}.
 */
public final class RegionalVocabulary {

    static final String TABLE = "/data/dictionary/TWPhrases.txt";
    static final String EXCLUSIONS = "regional-exclusions.txt";

    private static volatile RegionalVocabulary shipped;

    private final Map<String, String> toMainland;
    private final Map<String, Set<String>> regionalForms;
    private final NormalizeCharMap charMap;

    private RegionalVocabulary(Map<String, String> toMainland) {
        this.toMainland = Collections.unmodifiableMap(toMainland);
        Map<String, Set<String>> forms = new HashMap<>();
        NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
        toMainland.forEach((regional, mainland) -> {
            builder.add(regional, mainland);
            forms.computeIfAbsent(mainland, k -> new HashSet<>()).add(regional);
        });
        forms.replaceAll((k, v) -> Set.copyOf(v));
        this.regionalForms = Map.copyOf(forms);
        this.charMap = builder.build();
    }

    /** OpenCC's table as opencc4j ships it, loaded once on first use. */
    public static RegionalVocabulary shipped() {
        RegionalVocabulary vocabulary = shipped;
        if (vocabulary == null) {
            synchronized (RegionalVocabulary.class) {
                vocabulary = shipped;
                if (vocabulary == null) {
                    vocabulary = new RegionalVocabulary(load());
                    shipped = vocabulary;
                }
            }
        }
        return vocabulary;
    }

    /** Replaces regional phrases in folded text; offsets of later tokens are corrected back to the input. */
    Reader wrap(Reader folded) {
        return new MappingCharFilter(charMap, folded);
    }

    /** The mainland word for a folded regional phrase, if the table has one. */
    public Optional<String> mainland(String folded) {
        return Optional.ofNullable(toMainland.get(folded));
    }

    /** The folded regional phrases that become {@code mainland}: what a text may say instead of it. */
    public Set<String> regionalForms(String mainland) {
        return regionalForms.getOrDefault(mainland, Set.of());
    }

    public int size() {
        return toMainland.size();
    }

    private static Map<String, String> load() {
        Map<String, List<String>> pairs = new LinkedHashMap<>();
        try (InputStream in = RegionalVocabulary.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("missing OpenCC table " + TABLE + " (from opencc4j)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cells = line.strip().split("[\\t ]+");
                if (cells.length < 2 || line.startsWith("#")) {
                    continue;
                }
                pairs.put(cells[0], List.of(cells).subList(1, cells.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenCC table " + TABLE, e);
        }
        Set<String> mainlandPhrases = new HashSet<>(exclusions());
        pairs.keySet().forEach(m -> mainlandPhrases.add(TextNormalizer.normalize(m)));
        Map<String, String> map = new HashMap<>();
        pairs.forEach((mainland, regionalList) -> {
            String target = TextNormalizer.normalize(mainland);
            for (String regional : regionalList) {
                String key = TextNormalizer.normalize(regional);
                if (key.equals(target) || mainlandPhrases.contains(key) || isMainlandWord(key)) {
                    continue;
                }
                // the first mainland phrase listed for a regional one wins, as in OpenCC's reversed tables
                map.putIfAbsent(key, target);
            }
        });
        return map;
    }

    private static Set<String> exclusions() {
        try (InputStream in = RegionalVocabulary.class.getResourceAsStream(EXCLUSIONS)) {
            if (in == null) {
                throw new IllegalStateException("missing analysis resource " + EXCLUSIONS);
            }
            Set<String> words = new HashSet<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .forEach(line -> words.add(TextNormalizer.normalize(line.strip())));
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + EXCLUSIONS, e);
        }
    }

    /** Whether smartcn, whose dictionary is mainland usage, keeps the phrase as one word. */
    private static boolean isMainlandWord(String phrase) {
        try (ProtectedSmartcnTokenizer tokenizer = new ProtectedSmartcnTokenizer()) {
            tokenizer.setReader(new StringReader(phrase));
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            tokenizer.reset();
            int count = 0;
            boolean whole = false;
            while (tokenizer.incrementToken()) {
                count++;
                whole = term.toString().equals(phrase);
            }
            tokenizer.end();
            return count == 1 && whole;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
