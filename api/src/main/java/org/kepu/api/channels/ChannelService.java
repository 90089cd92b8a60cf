package org.kepu.api.channels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.review.channels.Channel;
import org.kepu.review.channels.ChannelReader;
import org.kepu.review.channels.ChannelRegistry;
import org.kepu.review.channels.ChannelRules;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The channel registry as admins, editors and outlets may use it. All methods block. */
@Service
class ChannelService {

    private static final int MAX_TITLE = 200;
    private static final int MAX_DESCRIPTION = 2000;
    private static final int MAX_OUTLETS = 100;
    private static final int MAX_CLIENT_ID = 255;
    // name and updatedAt are what GET answers; they are accepted and ignored so a channel read can be put back.
    private static final Set<String> FIELDS = Set.of("title", "description", "public", "outlets", "name", "updatedAt");

    private final ChannelRegistry registry;
    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    ChannelService(ChannelRegistry registry) {
        this.registry = registry;
    }

    ChannelRegistry.Written put(Caller caller, String name, byte[] body) {
        if (!caller.has(Caller.ADMIN)) {
            throw Problem.forbidden("Only admins manage channels.");
        }
        return registry.put(parse(name, body));
    }

    /** Editors and admins see every channel; an outlet the ones it is entitled to and the public ones. */
    List<Channel> list(Caller caller) {
        return ChannelRules.shownTo(reader(caller), registry.all());
    }

    /** A channel an outlet may not see answers 404, the same as a missing one, so names do not leak. */
    Channel get(Caller caller, String name) {
        ChannelReader reader = reader(caller);
        return Optional.of(name)
                .filter(ChannelRules::validName)
                .flatMap(registry::find)
                .flatMap(channel -> ChannelRules.shownTo(reader, channel))
                .orElseThrow(() -> Problem.notFound("The channel"));
    }

    /** The registry is for admins, editors and outlets; other signed-in users are refused outright. */
    private static ChannelReader reader(Caller caller) {
        ChannelReader reader = ChannelReaders.of(caller);
        if (reader.kind() != ChannelReader.Kind.STAFF && reader.kind() != ChannelReader.Kind.OUTLET) {
            throw Problem.forbidden("Channels are for admins, editors and outlets.");
        }
        return reader;
    }

    /** Reads the body and lists every bad field at once. Absent optional fields take their defaults. */
    private Channel parse(String name, byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw invalid(List.of(error("body", "is not valid JSON")));
        }
        if (root == null || !root.isObject()) {
            throw invalid(List.of(error("body", "must be a JSON object")));
        }
        List<Map<String, String>> errors = new ArrayList<>();
        if (!ChannelRules.validName(name)) {
            errors.add(error(
                    "channel",
                    "lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, up to 64"));
        }
        for (String field : root.propertyNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(error(field, "is not a known field; known fields are title, description, public, outlets"));
            }
        }
        String title = text(root, "title", true, MAX_TITLE, errors);
        String description = text(root, "description", false, MAX_DESCRIPTION, errors);
        boolean open = false;
        JsonNode flag = root.get("public");
        if (flag != null && !flag.isNull()) {
            if (flag.isBoolean()) {
                open = flag.booleanValue();
            } else {
                errors.add(error("public", "must be true or false"));
            }
        }
        List<String> outlets = outlets(root, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Channel(name, title, description, open, outlets, null);
    }

    private static String text(
            JsonNode root, String field, boolean required, int max, List<Map<String, String>> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(error(field, "is required"));
            }
            return "";
        }
        if (!node.isString()) {
            errors.add(error(field, "must be a string"));
            return "";
        }
        String value = node.stringValue().strip();
        if (required && value.isEmpty()) {
            errors.add(error(field, "is required"));
        } else if (value.codePointCount(0, value.length()) > max) {
            errors.add(error(field, "must have at most " + max + " characters"));
        }
        return value;
    }

    /** Client ids, stripped and without repeats, in the order given. */
    private static List<String> outlets(JsonNode root, List<Map<String, String>> errors) {
        JsonNode node = root.get("outlets");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_OUTLETS) {
            errors.add(error("outlets", "must be a list of at most " + MAX_OUTLETS + " client ids"));
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode item : node) {
            String id = item.isString() ? item.stringValue().strip() : "";
            if (id.isEmpty() || id.length() > MAX_CLIENT_ID) {
                errors.add(error(
                        "outlets", "client ids are non-blank strings of at most " + MAX_CLIENT_ID + " characters"));
                return List.of();
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private static Problem invalid(List<Map<String, String>> errors) {
        return new Problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid-channel",
                "The channel has " + errors.size() + " problem(s); see 'errors'.",
                Map.of("errors", errors));
    }
}
