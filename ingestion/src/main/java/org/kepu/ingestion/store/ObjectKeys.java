package org.kepu.ingestion.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Key rules shared by the adapters, so a key that works on one store works on the other. */
final class ObjectKeys {

    /** S3 lists keys in the binary order of their UTF-8 bytes; the filesystem adapter sorts the same way. */
    static final Comparator<String> ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private ObjectKeys() {}

    /** Rejects keys that could escape the store's root or mean different things on different stores. */
    static String requireValidKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key must not be empty");
        }
        if (key.length() > 1024) {
            throw new IllegalArgumentException("object key longer than 1024 characters");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key must be relative: " + key);
        }
        checkCharacters(key);
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("object key has an empty segment: " + key);
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key has a relative segment: " + key);
            }
        }
        return key;
    }

    /** A prefix may end anywhere, even inside a segment, but must not escape the root either. */
    static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must be relative: " + prefix);
        }
        checkCharacters(prefix);
        String[] segments = prefix.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            if (segments[i].isEmpty() && !last) {
                throw new IllegalArgumentException("prefix has an empty segment: " + prefix);
            }
            if (segments[i].equals("..") || (segments[i].equals(".") && !last)) {
                throw new IllegalArgumentException("prefix has a relative segment: " + prefix);
            }
        }
        return prefix;
    }

    private static void checkCharacters(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                throw new IllegalArgumentException("object key must not contain a backslash: " + key);
            }
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("object key must not contain control characters");
            }
        }
    }
}
