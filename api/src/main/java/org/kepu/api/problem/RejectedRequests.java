package org.kepu.api.problem;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.WebFilter;

/**
 * Requests refused before any route sees them, answered with a problem document like every other refusal:
 * a URI whose percent-encoding is not UTF-8, and what the security firewall rejects (an encoded slash or
 * NUL, {@code ..} segments), which it would otherwise answer with an empty 400.
 */
@Configuration(proxyBeanMethods = false)
class RejectedRequests {

    @Bean
    ServerExchangeRejectedHandler firewallRejections(ProblemWriter problems) {
        return (exchange, rejected) -> problems.write(
                exchange,
                new Problem(
                        HttpStatus.BAD_REQUEST,
                        "bad-uri",
                        "The request URI holds an encoded slash, a NUL, a '..' segment or another character kepu"
                                + " refuses in paths."));
    }

    /** Before security, so that a bad URI is refused the same way whoever sends it. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter percentEncoding(ProblemWriter problems) {
        return (exchange, chain) -> {
            URI uri = exchange.getRequest().getURI();
            if (utf8(uri.getRawPath()) && (uri.getRawQuery() == null || utf8(uri.getRawQuery()))) {
                return chain.filter(exchange);
            }
            return problems.write(
                    exchange,
                    new Problem(
                            HttpStatus.BAD_REQUEST,
                            "bad-uri",
                            "The request URI is percent-encoded with bytes that are not UTF-8 (RFC 3986 asks for"
                                    + " UTF-8)."));
        };
    }

    /** Whether every run of percent-encoded bytes decodes as UTF-8; a lone surrogate's encoding does not. */
    static boolean utf8(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                out.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                // raw bytes of the request line arrive as one char each
                out.write(c);
            }
        }
        ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
