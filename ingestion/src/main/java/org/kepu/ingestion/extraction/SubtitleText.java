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
 * Plain line processing on a bounded read, so it runs in the service itself.
 */
final class SubtitleText {

    private static final Pattern CUE_NUMBER = Pattern.compile("\\d+");
    private static final Pattern TAGS = Pattern.compile("<[^>]*>|\\{\\\\[^}]*}");

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
            String cue = TAGS.matcher(line).replaceAll("").strip();
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
