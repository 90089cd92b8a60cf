package org.kepu.ingestion.detect;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Decides whether bytes are text in one of the two accepted encodings. */
final class TextSniffer {

    static final Charset GB18030 = Charset.forName("GB18030");

    private TextSniffer() {}

    /**
     * The charset the bytes decode in, UTF-8 first. {@code truncated} means the bytes are only the
     * head of a longer file, so a character cut at the end is not an error.
     */
    static Optional<Charset> charsetOf(byte[] bytes, boolean truncated) {
        int start = hasUtf8Bom(bytes) ? 3 : 0;
        Optional<CharBuffer> utf8 = decode(bytes, start, StandardCharsets.UTF_8, truncated);
        if (utf8.isPresent()) {
            return isPlausibleText(utf8.get()) ? Optional.of(StandardCharsets.UTF_8) : Optional.empty();
        }
        if (start > 0) {
            // A UTF-8 byte-order mark promises UTF-8; anything else after it is not text.
            return Optional.empty();
        }
        return decode(bytes, 0, GB18030, truncated)
                .filter(TextSniffer::isPlausibleText)
                .map(decoded -> GB18030);
    }

    static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
    }

    static Optional<CharBuffer> decode(byte[] bytes, int start, Charset charset, boolean truncated) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isMalformed() && truncated && in.position() >= bytes.length - 3) {
            // The head may end in the middle of a multi-byte character.
            result = CoderResult.UNDERFLOW;
        }
        if (result.isError()) {
            return Optional.empty();
        }
        try {
            result = decoder.flush(out);
            if (result.isError() && !truncated) {
                result.throwException();
            }
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        return Optional.of(out.flip());
    }

    /** Control characters other than line breaks and tabs, or many private-use characters, mean binary. */
    static boolean isPlausibleText(CharSequence text) {
        int privateUse = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                return false;
            }
            if (c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                return false;
            }
            if (c >= 0xE000 && c <= 0xF8FF) {
                privateUse++;
            }
        }
        return privateUse * 50 <= text.length();
    }
}
