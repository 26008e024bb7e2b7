package dev.grantwire.grant.security;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.token.AccessTokenVerifier;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Guards {@link InternalApi} resources: a bearer token this service issued and verifies locally
 * (401 otherwise, RFC 6750 section 3), meant for grant-service (its {@code aud} holds the audience
 * of {@code grants.internal}), issued to a service itself (no {@code grant_id}: a user's delegated
 * token never passes) and carrying {@code grants.internal} (403 otherwise). Only the configured
 * writer clients may change state (any method but GET, HEAD and OPTIONS; 403 otherwise). A method
 * marked {@link InternalQuery} is a read whatever its HTTP method, open only to the clients it
 * names (403 for any other).
 */
@Provider
@InternalApi
@Priority(Priorities.AUTHENTICATION)
public class InternalApiFilter implements ContainerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final AccessTokenVerifier verifier;
    private final InternalApiPolicy policy;

    @Context ResourceInfo resource;

    InternalApiFilter(AccessTokenVerifier verifier, InternalApiPolicy policy) {
        this.verifier = verifier;
        this.policy = policy;
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
        String clientId;
        boolean delegated;
        try {
            scope = claims.get().getStringClaim("scope");
            clientId = claims.get().getStringClaim("client_id");
            delegated = claims.get().getClaim("grant_id") != null;
        } catch (ParseException e) {
            scope = null;
            clientId = null;
            delegated = true;
        }
        List<String> audiences = claims.get().getAudience();
        if (delegated || audiences == null || !audiences.contains(policy.audience())) {
            request.abortWith(
                    refuse(
                            403,
                            "Bearer realm=\"grantwire\", error=\"insufficient_scope\"",
                            "a service token meant for grant-service is required"));
            return;
        }
        if (!PermissionCatalog.parse(scope).contains(InternalApi.GRANTS_INTERNAL)) {
            request.abortWith(
                    refuse(
                            403,
                            "Bearer realm=\"grantwire\", error=\"insufficient_scope\", scope=\""
                                    + InternalApi.GRANTS_INTERNAL
                                    + "\"",
                            "the grants.internal scope is required"));
            return;
        }
        InternalQuery query = query();
        if (query != null) {
            if (clientId == null || !Arrays.asList(query.callers()).contains(clientId)) {
                request.abortWith(
                        refuse(
                                403,
                                "Bearer realm=\"grantwire\", error=\"insufficient_scope\"",
                                "this internal client may not call this endpoint"));
            }
            return;
        }
        if (!READS.contains(request.getMethod()) && !policy.mayWrite(clientId)) {
            request.abortWith(
                    refuse(
                            403,
                            "Bearer realm=\"grantwire\", error=\"insufficient_scope\"",
                            "this service may only read through the internal API"));
        }
    }

    private InternalQuery query() {
        Method method = resource == null ? null : resource.getResourceMethod();
        return method == null ? null : method.getAnnotation(InternalQuery.class);
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
