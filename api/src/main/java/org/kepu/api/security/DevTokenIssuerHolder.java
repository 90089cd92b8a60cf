package org.kepu.api.security;

import java.util.Optional;

/** The development issuer when embedded mode runs one; empty when a real issuer is configured. */
public record DevTokenIssuerHolder(DevTokenIssuer nullable) {

    public Optional<DevTokenIssuer> issuer() {
        return Optional.ofNullable(nullable);
    }
}
