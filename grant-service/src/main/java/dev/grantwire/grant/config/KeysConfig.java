package dev.grantwire.grant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Signing keys: how they are protected at rest and how they rotate. */
@ConfigMapping(prefix = "grantwire.keys")
public interface KeysConfig {

    /**
     * AES-256 key (base64 of exactly 32 bytes) that encrypts the signing keys' private parts in the
     * database. In production it comes from a Kubernetes Secret; the service refuses to start
     * without it.
     */
    Optional<String> encryptionKey();

    /**
     * How long resource services may cache the JWKS; a new key is published at least this long
     * before it signs.
     */
    @WithDefault("PT5M")
    Duration jwksCacheLifetime();

    /**
     * Delay between publishing a rotated key and signing with it; must be at least {@link
     * #jwksCacheLifetime()}.
     */
    @WithDefault("PT10M")
    Duration activationDelay();

    /**
     * How often each replica re-reads the keys (scheduler syntax, e.g. {@code 30s}); must be well
     * below {@link #activationDelay()} so a rotation done elsewhere is known before it signs.
     */
    @WithDefault("30s")
    String reloadInterval();
}
