package org.kepu.search.vector;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a text into passages for embedding: whole sentences (ended by 。！？；!?; or a line break) packed
 * up to {@link #MAX_CHARS} characters, which stays under the model's 512 tokens for Chinese; a longer
 * sentence is cut at the limit, never inside a surrogate pair. Only the first {@link #MAX_PASSAGES} are
 * kept: embedding costs per character, and the opening of a popular-science work says what it is about.
 */
public final class Passages {

    public static final int MAX_CHARS = 400;
    public static final int MAX_PASSAGES = 16;

    private Passages() {}

    public static List<String> of(String text) {
        List<String> passages = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < text.length() && passages.size() < MAX_PASSAGES; i++) {
            if (end(text.charAt(i)) || i == text.length() - 1) {
                add(passages, current, text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (current.length() > 0 && passages.size() < MAX_PASSAGES) {
            passages.add(current.toString());
        }
        return passages;
    }

    private static void add(List<String> passages, StringBuilder current, String sentence) {
        String s = sentence.strip();
        while (s.length() > MAX_CHARS) {
            int cut = Character.isHighSurrogate(s.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
            flush(passages, current);
            passages.add(s.substring(0, cut));
            s = s.substring(cut).strip();
        }
        if (s.isEmpty()) {
            return;
        }
        if (current.length() + s.length() > MAX_CHARS) {
            flush(passages, current);
        }
        current.append(s);
    }

    private static void flush(List<String> passages, StringBuilder current) {
        if (current.length() > 0) {
            passages.add(current.toString());
            current.setLength(0);
        }
    }

    private static boolean end(char c) {
        return switch (c) {
            case '。', '！', '？', '；', '!', '?', ';', '\n' -> true;
            default -> false;
        };
    }
}
