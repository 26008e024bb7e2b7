package dev.grantwire.grant.security;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.oauth.AccessTokenVerifier;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Guards {@link InternalApi} resources: a bearer token this service issued and verifies locally
 * (401 otherwise, RFC 6750 section 3) carrying {@code grants.internal} (403 otherwise).
 */
@Provider
@InternalApi
@Priority(Priorities.AUTHENTICATION)
public class InternalApiFilter implements ContainerRequestFilter {

    private final AccessTokenVerifier verifier;

    InternalApiFilter(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.abortWith(
                    refuse(401, "Bearer realm=\"grantwire\"", "a bearer token is required"));
            return;
        }
        Optional<JWTClaimsSet> claims = verifier.verify(header.substring(7).trim());
        if (claims.isEmpty()) {
            request.abortWith(
                    refuse(
                            401,
                            "Bearer realm=\"grantwire\", error=\"invalid_token\"",
                            "invalid token"));
            return;
        }
        String scope;
        try {
            scope = claims.get().getStringClaim("scope");
        } catch (ParseException e) {
            scope = null;
        }
        if (!PermissionCatalog.parse(scope).contains(InternalApi.GRANTS_INTERNAL)) {
            request.abortWith(
                    refuse(
                            403,
                            "Bearer realm=\"grantwire\", error=\"insufficient_scope\", scope=\""
                                    + InternalApi.GRANTS_INTERNAL
                                    + "\"",
                            "the grants.internal scope is required"));
        }
    }

    private static Response refuse(int status, String challenge, String detail) {
        return Response.status(status)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .type("application/problem+json")
                .entity(
                        Map.of(
                                "status", status,
                                "title", status == 401 ? "Unauthorized" : "Forbidden",
                                "detail", detail))
                .build();
    }
}
