package org.kepu.api.security;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The development issuer when embedded mode runs one; empty when a real issuer is configured.
 *
 * @param open whether clients other than this machine's own may ask it for tokens
 */
public record DevTokenIssuerHolder(DevTokenIssuer nullable, boolean open) {

    public Optional<DevTokenIssuer> issuer() {
        return Optional.ofNullable(nullable);
    }

    /** A client whose address is unknown is not taken for a local one. */
    public boolean answers(InetSocketAddress client) {
        return open
                || (client != null
                        && client.getAddress() != null
                        && client.getAddress().isLoopbackAddress());
    }
}
