package org.kepu.api.feeds;

import org.kepu.api.config.KepuProperties;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where links in feeds, items and delta sync point: the configured public base URL, else the request's
 * own scheme, host and port.
 */
@Component
class BaseUrl {

    private final String configured;

    BaseUrl(KepuProperties properties) {
        String url = properties.publicBaseUrl();
        this.configured = url == null || url.isBlank() ? null : url.strip().replaceAll("/+$", "");
    }

    String of(ServerHttpRequest request) {
        if (configured != null) {
            return configured;
        }
        return UriComponentsBuilder.fromUri(request.getURI())
                .replacePath(null)
                .replaceQuery(null)
                .fragment(null)
                .build()
                .toUriString();
    }
}
