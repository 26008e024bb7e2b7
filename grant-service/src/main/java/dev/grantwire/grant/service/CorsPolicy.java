package dev.grantwire.grant.service;

import dev.grantwire.grant.persistence.AppRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which browser origins may read which answers (docs/ARCHITECTURE.md, "Security notes"): the JWKS
 * and discovery documents every origin; the token endpoint, and revocation-service's {@code
 * /oauth2/revoke} (which asks through the internal API), only the origins of registered redirect
 * URIs of enabled public clients (single-page apps). Never with credentials: a browser app
 * authenticates with PKCE, not cookies.
 */
@ApplicationScoped
public class CorsPolicy {

    private final AppRepository apps;

    CorsPolicy(AppRepository apps) {
        this.apps = apps;
    }

    /** The {@code Access-Control-Allow-Origin} value for a request, or null for none. */
    public String allowedOrigin(String path, String origin) {
        if (origin == null) {
            return null;
        }
        String normalized =
                path.length() > 1 && path.endsWith("/")
                        ? path.substring(0, path.length() - 1)
                        : path;
        if (normalized.equals("/oauth2/jwks") || normalized.startsWith("/.well-known/")) {
            return "*";
        }
        if (normalized.equals("/oauth2/token") && isPublicClientOrigin(origin)) {
            return origin;
        }
        return null;
    }

    /** Whether an origin is that of a registered redirect URI of an enabled public client. */
    public boolean isPublicClientOrigin(String origin) {
        return origin != null && apps.isPublicClientOrigin(origin);
    }
}
