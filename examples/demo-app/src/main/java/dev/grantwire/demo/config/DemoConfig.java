package dev.grantwire.demo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where the demo app finds Grantwire and the example API, and who it is there. */
@ConfigMapping(prefix = "grantwire.demo")
public interface DemoConfig {

    /**
     * grant-service's issuer URL; the token endpoint (and the authorization endpoint unless
     * overridden) come from its metadata ({@code /.well-known/oauth-authorization-server}).
     */
    @WithDefault("http://127.0.0.1:8081")
    URI issuer();

    /** consent-service's authorization endpoint, when it should not come from the metadata. */
    Optional<URI> authorizeUrl();

    /** The example resource API (work items). */
    @WithDefault("http://127.0.0.1:8083")
    URI apiUrl();

    /** The client id grant-service gave this app at registration. */
    String clientId();

    /** The client secret (client_secret_basic). */
    String clientSecret();

    /** The registered redirect URI, this app's {@code /callback}. */
    @WithDefault("http://127.0.0.1:8084/callback")
    URI redirectUri();

    /** The scopes asked for. */
    @WithDefault("work_items.read work_items.write offline_access")
    String scope();

    /** How long a started authorization waits for the user's answer. */
    @WithDefault("10m")
    Duration requestLifetime();

    /** How long a browser session lives without a request before it is forgotten. */
    @WithDefault("30m")
    Duration sessionIdleTimeout();

    /**
     * The most sessions held at once (and pending authorizations, one per session); past it the
     * least recently used are forgotten, so a flood of new cookies cannot exhaust memory.
     */
    @WithDefault("10000")
    long maxSessions();
}
