package org.kepu.ingestion.work;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Chinese names of the closed vocabularies of {@link WorkMetadata}: editors write 漫画 and 老年人, kepu
 * stores and answers {@code comic} and {@code elderly}, codes that stay stable for clients. Several names
 * may stand for one code (公务员 and 领导干部 are both {@code officials}); every code has at least one.
 */
public final class MetadataNames {

    private static final Map<String, List<String>> KIND_NAMES = names(
            WorkMetadata.KINDS,
            Map.of(
                    "article", List.of("文章", "科普文章", "图文"),
                    "document", List.of("文档", "文件", "资料"),
                    "slides", List.of("幻灯片", "演示文稿", "课件"),
                    "comic", List.of("漫画", "连环画"),
                    "poster", List.of("海报", "挂图", "宣传画"),
                    "video", List.of("视频", "短视频"),
                    "animation", List.of("动画"),
                    "game", List.of("游戏", "科普游戏"),
                    "other", List.of("其他", "其它")));

    private static final Map<String, List<String>> AUDIENCE_NAMES = names(
            WorkMetadata.AUDIENCES,
            Map.of(
                    "public", List.of("公众", "社会公众", "大众"),
                    "youth", List.of("青少年", "未成年人"),
                    "elderly", List.of("老年人", "老人", "老年"),
                    "farmers", List.of("农民"),
                    "workers", List.of("产业工人", "工人", "职工"),
                    "officials", List.of("公务员", "领导干部", "干部")));

    private static final Map<String, String> KIND_BY_NAME = byName(KIND_NAMES);
    private static final Map<String, String> AUDIENCE_BY_NAME = byName(AUDIENCE_NAMES);

    private MetadataNames() {}

    /** The code of a kind given as its code in any case (Video) or a Chinese name (视频). */
    public static Optional<String> kind(String value) {
        return code(value, WorkMetadata.KINDS, KIND_BY_NAME);
    }

    /** The code of an audience given as its code in any case or a Chinese name (青少年). */
    public static Optional<String> audience(String value) {
        return code(value, WorkMetadata.AUDIENCES, AUDIENCE_BY_NAME);
    }

    /** Every kind with its Chinese names, for messages: {@code animation (动画), article (文章、科普文章、图文), …}. */
    public static String kinds() {
        return listed(KIND_NAMES);
    }

    /** Every audience with its Chinese names, for messages. */
    public static String audiences() {
        return listed(AUDIENCE_NAMES);
    }

    private static Optional<String> code(String value, Set<String> codes, Map<String, String> byName) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (codes.contains(lower)) {
            return Optional.of(lower);
        }
        return Optional.ofNullable(byName.get(v));
    }

    private static String listed(Map<String, List<String>> names) {
        return names.entrySet().stream()
                .map(e -> e.getKey() + " (" + String.join("、", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** Sorted by code; fails at class load if a code has no name or a name stands for no code. */
    private static Map<String, List<String>> names(Set<String> codes, Map<String, List<String>> names) {
        if (!names.keySet().equals(codes)) {
            throw new IllegalStateException("Chinese names for " + names.keySet() + " but codes " + codes);
        }
        Map<String, List<String>> sorted = new TreeMap<>(names);
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    private static Map<String, String> byName(Map<String, List<String>> names) {
        Map<String, String> out = new LinkedHashMap<>();
        names.forEach((code, list) -> list.forEach(name -> {
            if (out.put(name, code) != null) {
                throw new IllegalStateException("the name " + name + " stands for two codes");
            }
        }));
        return Map.copyOf(out);
    }
}
