package org.kepu.ingestion.extraction;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The spoken text of an SRT or WebVTT file: cue numbers, timings, headers, notes and styling removed.
 * Runs in the extraction child, under its timeout and heap cap, on a bounded read; every step is linear
 * in the length of a line, so a line of a hundred thousand {@code <} costs no more than any other.
 */
final class SubtitleText {

    private static final Pattern CUE_NUMBER = Pattern.compile("\\d+");

    record Result(long chars, boolean truncated) {}

    private SubtitleText() {}

    static Result extract(Path subtitles, Charset charset, int maxChars, Path output) throws IOException {
        long limit = maxChars * 4L + 4096;
        String input = readAtMost(subtitles, charset, limit);
        StringBuilder text = new StringBuilder();
        boolean skippingBlock = false;
        for (String raw : input.split("\\R", -1)) {
            String line = raw.strip();
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty()) {
                skippingBlock = false;
                continue;
            }
            if (skippingBlock
                    || line.contains("-->")
                    || CUE_NUMBER.matcher(line).matches()) {
                continue;
            }
            if (line.startsWith("WEBVTT") || line.startsWith("NOTE") || line.equals("STYLE") || line.equals("REGION")) {
                skippingBlock = true;
                continue;
            }
            String cue = withoutTags(line).strip();
            if (!cue.isEmpty()) {
                text.append(cue).append('\n');
            }
        }
        boolean truncated = text.length() > maxChars || input.length() >= limit;
        if (text.length() > maxChars) {
            text.setLength(maxChars);
        }
        try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            out.write(text.toString());
        }
        return new Result(text.length(), truncated);
    }

    /**
     * Removes styling tags such as {@code <i>} and override blocks such as {@code {\an8}}, each up to its
     * first closing bracket. A regex doing this backtracks over the rest of the line at every opening
     * bracket that is never closed, which is quadratic; here the position of the next closing bracket is
     * remembered, so the work is linear.
     */
    static String withoutTags(String line) {
        StringBuilder out = new StringBuilder(line.length());
        int nextAngle = -2;
        int nextBrace = -2;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '<') {
                if (nextAngle != -1 && nextAngle <= i) {
                    nextAngle = line.indexOf('>', i + 1);
                }
                if (nextAngle > i) {
                    i = nextAngle + 1;
                    continue;
                }
            } else if (c == '{' && i + 1 < line.length() && line.charAt(i + 1) == '\\') {
                if (nextBrace != -1 && nextBrace <= i + 1) {
                    nextBrace = line.indexOf('}', i + 2);
                }
                if (nextBrace > i + 1) {
                    i = nextBrace + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String readAtMost(Path file, Charset charset, long limit) throws IOException {
        StringBuilder content = new StringBuilder();
        char[] buffer = new char[8192];
        // Replaces undecodable bytes instead of failing: the detector already checked the encoding.
        try (Reader in = new InputStreamReader(Files.newInputStream(file), charset)) {
            int n;
            while (content.length() < limit && (n = in.read(buffer)) >= 0) {
                content.append(buffer, 0, n);
            }
        }
        return content.toString();
    }
}
