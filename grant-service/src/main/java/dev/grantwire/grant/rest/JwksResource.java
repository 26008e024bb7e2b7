package dev.grantwire.grant.rest;

import dev.grantwire.grant.config.KeysConfig;
import dev.grantwire.grant.token.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The issuer's public keys (RFC 7517 JWK Set): the signing key, the next one, the previous ones.
 */
@Path("/oauth2/jwks")
public class JwksResource {

    static final String JWK_SET = "application/jwk-set+json";

    private final SigningKeys keys;
    private final KeysConfig config;

    JwksResource(SigningKeys keys, KeysConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @GET
    @Produces({JWK_SET, "application/json"})
    public Response jwks() {
        return Response.ok(keys.publicKeys().toString(true))
                .type(JWK_SET)
                .header(
                        HttpHeaders.CACHE_CONTROL,
                        "public, max-age=" + config.jwksCacheLifetime().toSeconds())
                .build();
    }
}
