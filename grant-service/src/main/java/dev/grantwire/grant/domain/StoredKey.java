package dev.grantwire.grant.domain;

import java.time.Instant;

/** A signing key as stored: the private part encrypted, the public part as a JWK. */
public record StoredKey(
        String kid,
        String alg,
        byte[] privateKeyEncrypted,
        String publicJwk,
        Instant notBefore,
        Instant retireAfter) {}
