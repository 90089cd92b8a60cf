package org.kepu.importer;

import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A work's metadata sidecar: kepu's upload metadata ({@code title}, {@code kind}, {@code topics}, …) as the
 * upload route takes it, plus {@code creator}, the creator the work is imported for. kepu checks the
 * metadata itself, so a bad field fails that one work with kepu's own reason.
 */
record Sidecar(Optional<String> creator, String metadata) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static Sidecar read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the sidecar is not JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new IllegalArgumentException("the sidecar must hold one JSON object");
        }
        JsonNode creator = object.remove("creator");
        if (creator != null && !creator.isString()) {
            throw new IllegalArgumentException("'creator' must be a string");
        }
        return new Sidecar(Optional.ofNullable(creator).map(JsonNode::asString), JSON.writeValueAsString(object));
    }
}
