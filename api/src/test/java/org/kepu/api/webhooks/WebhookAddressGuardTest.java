package org.kepu.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookAddressGuardTest {

    /** A resolver that knows a few names, so the test needs no DNS. */
    private static final Map<String, List<String>> DNS = Map.of(
            "news.example.com", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            "sneaky.example.com", List.of("93.184.215.14", "10.1.2.3"),
            "metadata.example.com", List.of("169.254.169.254"));

    private final WebhookAddressGuard guard = new WebhookAddressGuard(false, WebhookAddressGuardTest::resolve);

    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        List<String> ips = DNS.get(host);
        if (ips == null) {
            // literal addresses resolve to themselves without DNS
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return List.of(InetAddress.getByName(host));
            }
            throw new UnknownHostException(host);
        }
        return ips.stream().map(WebhookAddressGuardTest::address).toList();
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    @Test
    void internalAddressesAreRecognised() {
        for (String ip : List.of(
                "127.0.0.1",
                "127.8.9.10",
                "::1",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "0.0.0.0",
                "::",
                "224.0.0.1",
                "ff02::1",
                "100.64.0.1",
                "100.127.255.255",
                "255.255.255.255",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1")) {
            assertThat(WebhookAddressGuard.isInternal(address(ip))).as(ip).isTrue();
        }
    }

    @Test
    void publicAddressesAreNot() {
        for (String ip : List.of(
                "93.184.215.14",
                "8.8.8.8",
                "172.32.0.1",
                "172.15.255.255",
                "100.128.0.1",
                "100.63.255.255",
                "192.169.0.1",
                "2606:4700::1111")) {
            assertThat(WebhookAddressGuard.isInternal(address(ip))).as(ip).isFalse();
        }
    }

    @Test
    void aHostIsRefusedWhenAnyOfItsAddressesIsInternal() {
        assertThat(guard.refusal(URI.create("https://news.example.com/hooks"))).isEmpty();
        assertThat(guard.refusal(URI.create("https://sneaky.example.com/hooks")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("10.1.2.3"));
        assertThat(guard.refusal(URI.create("http://metadata.example.com/latest")))
                .isPresent();
        assertThat(guard.refusal(URI.create("http://127.0.0.1:8080/hooks"))).isPresent();
        assertThat(guard.refusal(URI.create("http://[::1]:8080/hooks"))).isPresent();
    }

    @Test
    void aHostThatDoesNotResolveOrNoHostIsRefused() {
        assertThat(guard.refusal(URI.create("https://nowhere.example.com/hooks")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("does not resolve"));
        assertThat(guard.refusal(URI.create("https:///hooks"))).isPresent();
    }

    @Test
    void privateAddressesPassWhenAllowed() {
        WebhookAddressGuard allowing = new WebhookAddressGuard(true, WebhookAddressGuardTest::resolve);
        assertThat(allowing.refusal(URI.create("http://127.0.0.1:8080/hooks"))).isEmpty();
        assertThat(allowing.refusal(URI.create("https://sneaky.example.com/hooks")))
                .isEmpty();
    }
}
