package org.kepu.api.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Keeps webhooks from reaching kepu's own network (SSRF): a URL whose host resolves to a loopback,
 * link-local, private, unique-local, carrier-grade NAT, unspecified or multicast address is refused, unless
 * an admin allowed private addresses. Checked at registration and again before every send, because DNS
 * answers change.
 */
public final class WebhookAddressGuard {

    /** Resolves a host name to all its addresses, like {@link InetAddress#getAllByName}. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    public WebhookAddressGuard(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public static WebhookAddressGuard usingDns(boolean allowPrivate) {
        return new WebhookAddressGuard(allowPrivate, host -> List.of(InetAddress.getAllByName(host)));
    }

    /** Why the URL may not be called, or empty when it may. */
    public Optional<String> refusal(URI url) {
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("the URL has no host");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        // every address counts: the client may connect to any of them
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return Optional.of(
                        "the host " + host + " resolves to the internal address " + address.getHostAddress());
            }
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network", 0/8
                    || (first == 100 && (second & 0xc0) == 64) // carrier-grade NAT, 100.64/10
                    || first >= 240; // reserved 240/4 and broadcast
        }
        if (address instanceof Inet6Address) {
            // unique local fc00::/7 (Java's isSiteLocalAddress only knows the deprecated fec0::/10)
            return (b[0] & 0xfe) == 0xfc;
        }
        return false;
    }
}
