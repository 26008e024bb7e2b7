package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.security.InternalQuery;
import dev.grantwire.grant.service.CorsPolicy;
import dev.grantwire.grant.service.ProblemException;
import dev.grantwire.grant.service.TokenResolver;
import dev.grantwire.internal.grants.CorsOrigin;
import dev.grantwire.internal.grants.TokenResolution;
import dev.grantwire.internal.grants.TokenResolutionRequest;
import dev.grantwire.internal.grants.TokenResolutionsApi;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@link TokenResolutionsApi}: revocation-service forwards the credentials an app presented at
 * {@code /oauth2/revoke} and the token, and learns whether the app authenticated and what the token
 * is ({@link TokenResolver}); only revocation-service's own client may ask that. Any internal
 * client may ask whether an origin may read the revocation endpoint's answers (CORS).
 */
@InternalApi
public class InternalTokenResolutionResource implements TokenResolutionsApi {

    /** The internal client that serves {@code /oauth2/revoke}. */
    public static final String REVOCATION_SERVICE = "revocation-service";

    private final TokenResolver resolver;
    private final CorsPolicy cors;

    InternalTokenResolutionResource(TokenResolver resolver, CorsPolicy cors) {
        this.resolver = resolver;
        this.cors = cors;
    }

    @Override
    @InternalQuery(callers = REVOCATION_SERVICE)
    public RestResponse<TokenResolution> resolve(TokenResolutionRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        return RestResponse.ResponseBuilder.ok(resolver.resolve(request))
                .header("Cache-Control", "no-store")
                .build();
    }

    /** A read, open to every internal client: which origins are public clients' is no secret. */
    @Override
    public CorsOrigin corsOrigin(String origin) {
        return new CorsOrigin(cors.isPublicClientOrigin(origin));
    }
}
