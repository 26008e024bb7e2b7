package dev.grantwire.grant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Token lifetimes and timing margins. The lifetimes seed the org policy on first start. */
@ConfigMapping(prefix = "grantwire.tokens")
public interface TokensConfig {

    /**
     * Hard cap on any access token's lifetime (docs/ARCHITECTURE.md, "The margins"). Not
     * configurable.
     */
    Duration ACCESS_TOKEN_CAP = Duration.ofMinutes(90);

    /**
     * Initial access-token lifetime of the org policy; above 90 minutes the service refuses to
     * start.
     */
    @WithDefault("PT15M")
    Duration accessTokenLifetime();

    /**
     * Initial refresh-token lifetime for standard apps (an absolute bound, rotation does not extend
     * it).
     */
    @WithDefault("P30D")
    Duration refreshTokenLifetime();

    /** Initial refresh-token lifetime for legacy apps, while the policy allows legacy apps. */
    @WithDefault("P365D")
    Duration legacyRefreshTokenLifetime();

    /**
     * Authorization codes live this long (RFC 6749 section 4.1.2 recommends at most 10 minutes).
     */
    @WithDefault("PT60S")
    Duration codeLifetime();

    /** A confidential client retrying a refresh within this period gets the identical response. */
    @WithDefault("PT10S")
    Duration refreshGracePeriod();

    /** Allowed clock skew S between hosts when checking {@code exp}. */
    @WithDefault("PT5S")
    Duration clockSkew();

    /**
     * How long an ownership or admin assertion for revocation-service is valid: minutes, so a
     * demoted admin or a stolen assertion soon stops counting.
     */
    @WithDefault("PT5M")
    Duration revocationAssertionLifetime();
}
