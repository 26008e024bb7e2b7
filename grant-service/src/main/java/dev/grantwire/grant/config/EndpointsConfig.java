package dev.grantwire.grant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the issuer's endpoints are served, for the discovery metadata: some of them live on
 * consent-service and revocation-service. The issuer itself is {@code grantwire.issuer}.
 */
@ConfigMapping(prefix = "grantwire.endpoints")
public interface EndpointsConfig {

    /** The authorization endpoint (consent-service). */
    @WithDefault("http://127.0.0.1:8080/oauth2/authorize")
    String authorization();

    /** The RFC 7009 revocation endpoint (revocation-service). */
    @WithDefault("http://127.0.0.1:8082/oauth2/revoke")
    String revocation();
}
