package org.kepu.api.works;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kepu.api.problem.Problem;
import org.kepu.ingestion.work.MetadataNames;
import org.kepu.ingestion.work.WorkMetadata;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the {@code metadata} part and lists every bad field at once, so a creator fixes all in one go. */
final class MetadataParser {

    private static final Set<String> FIELDS =
            Set.of("title", "summary", "kind", "topics", "audiences", "license", "references", "emergency", "byline");

    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    WorkMetadata parse(byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JacksonException e) {
            throw invalid(List.of(error("metadata", "is not valid JSON")));
        }
        if (root == null || !root.isObject()) {
            throw invalid(List.of(error("metadata", "must be a JSON object")));
        }
        List<Map<String, String>> errors = new ArrayList<>();
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(error(name, "is not a known field; known fields are " + FIELDS));
            }
        }
        String title = text(root, "title", 1, 200, true, errors);
        String summary = text(root, "summary", 0, 2000, false, true, errors);
        // kinds and audiences are closed vocabularies: "Article", "ARTICLE" and 文章 mean article, which is
        // what is stored and answered
        String kindGiven = text(root, "kind", 1, 20, true, errors);
        String kind = MetadataNames.kind(kindGiven).orElse(null);
        if (kindGiven != null && kind == null) {
            errors.add(error("kind", "must be one of " + MetadataNames.kinds()));
        }
        List<String> topics = list(root, "topics", 10, 50, errors);
        List<String> audiencesGiven = list(root, "audiences", 6, 20, errors);
        audiencesGiven.stream()
                .filter(a -> MetadataNames.audience(a).isEmpty())
                .forEach(a -> errors.add(error("audiences", "'" + a + "' is not one of " + MetadataNames.audiences())));
        List<String> audiences = audiencesGiven.stream()
                .flatMap(a -> MetadataNames.audience(a).stream())
                .distinct()
                .toList();
        String license = text(root, "license", 0, 200, false, errors);
        List<String> references = list(root, "references", 50, 1000, errors);
        boolean emergency = false;
        JsonNode flag = root.get("emergency");
        if (flag != null && !flag.isNull()) {
            if (flag.isBoolean()) {
                emergency = flag.booleanValue();
            } else {
                errors.add(error("emergency", "must be true or false"));
            }
        }
        String byline = text(root, "byline", 0, 200, false, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new WorkMetadata(
                title,
                summary,
                kind,
                topics,
                audiences,
                license,
                references,
                emergency,
                byline == null || byline.isBlank() ? null : byline);
    }

    private static String text(
            JsonNode root, String field, int min, int max, boolean required, List<Map<String, String>> errors) {
        return text(root, field, min, max, required, false, errors);
    }

    private static String text(
            JsonNode root,
            String field,
            int min,
            int max,
            boolean required,
            boolean multiLine,
            List<Map<String, String>> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(error(field, "is required"));
            }
            return null;
        }
        if (!node.isString()) {
            errors.add(error(field, "must be a string"));
            return null;
        }
        String value = node.stringValue().strip();
        if (value.codePointCount(0, value.length()) < min || value.codePointCount(0, value.length()) > max) {
            errors.add(error(field, "must have " + min + " to " + max + " characters"));
            return null;
        }
        String unsafe = unsafe(value, multiLine);
        if (unsafe != null) {
            errors.add(error(field, unsafe));
            return null;
        }
        return value;
    }

    private static List<String> list(
            JsonNode root, String field, int maxItems, int maxLength, List<Map<String, String>> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > maxItems) {
            errors.add(error(field, "must be a list of at most " + maxItems + " strings"));
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            String value = item.isString() ? item.stringValue().strip() : "";
            if (value.isEmpty() || value.length() > maxLength) {
                errors.add(error(field, "items must be non-empty strings of at most " + maxLength + " characters"));
                return List.of();
            }
            String unsafe = unsafe(value, false);
            if (unsafe != null) {
                errors.add(error(field, "items " + unsafe));
                return List.of();
            }
            values.add(value);
        }
        return List.copyOf(values);
    }

    /**
     * Why the text is unsafe to show, or null. Bidi controls can make a title read differently from what
     * it is (and from what reviewers approved) in outlets' pages and feeds; other control characters
     * break feeds and headers. Only a multi-line field keeps its line breaks and tabs.
     */
    static String unsafe(String value, boolean multiLine) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isBidiControl(c)) {
                return String.format("must not contain the bidirectional control U+%04X", (int) c);
            }
            boolean lineBreakOrTab = c == '\n' || c == '\r' || c == '\t';
            if (Character.getType(c) == Character.CONTROL && !(multiLine && lineBreakOrTab)) {
                return String.format("must not contain the control character U+%04X", (int) c);
            }
        }
        return null;
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E'
                || c == '\u200F'
                || c == '\u061C';
    }

    private static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    static Problem invalid(List<Map<String, String>> errors) {
        return new Problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid-metadata",
                "The metadata has " + errors.size() + " problem(s); see 'errors'.",
                Map.of("errors", errors));
    }
}
