package org.kepu.api.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts one signed event with the JDK client. Redirects are not followed: a receiver that moved must be
 * registered again, and a redirect could lead to an address the guard refused. Blocking.
 *
 * <p>The client is built at the first send: building it sets up TLS (the default SSL context and its trust
 * store), a few hundred milliseconds at start-up for an instance that may never have a webhook.
 */
public final class WebhookSender {

    /** What the receiver answered; its body is not read. */
    public record Response(int status, Optional<String> retryAfter) {}

    private final Duration timeout;
    private volatile HttpClient client;

    public WebhookSender(Duration timeout) {
        this.timeout = timeout;
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(timeout)
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    public Response send(URI url, String msgId, long timestampSeconds, String signature, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("webhook-id", msgId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", signature)
                .header("user-agent", "kepu-webhooks")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> response = client().send(request, HttpResponse.BodyHandlers.discarding());
        return new Response(response.statusCode(), response.headers().firstValue("retry-after"));
    }
}
