package dev.grantwire.revocation;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** Serves the test key set inside the app under test, standing in for grant-service's JWKS. */
@Path("/test-support/jwks")
public class JwksTestResource {

    @GET
    @Produces("application/jwk-set+json")
    public String jwks() {
        return TestTokens.publicKeys().toString();
    }
}
