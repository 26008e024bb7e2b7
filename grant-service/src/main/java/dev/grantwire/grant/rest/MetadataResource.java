package dev.grantwire.grant.rest;

import dev.grantwire.grant.config.EndpointsConfig;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.domain.Scope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * RFC 8414 authorization server metadata and OpenID Connect Discovery 1.0: every endpoint of the
 * issuer, wherever it is served, so a client needs only the issuer URL.
 */
@Path("/.well-known")
public class MetadataResource {

    private final Map<String, Object> metadata;

    MetadataResource(
            @ConfigProperty(name = "grantwire.issuer") String issuer,
            EndpointsConfig endpoints,
            PermissionCatalog catalog) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", endpoints.authorization());
        m.put("token_endpoint", issuer + "/oauth2/token");
        m.put("jwks_uri", issuer + "/oauth2/jwks");
        m.put("registration_endpoint", issuer + "/oauth2/register");
        m.put("revocation_endpoint", endpoints.revocation());
        m.put("introspection_endpoint", issuer + "/oauth2/introspect");
        m.put("userinfo_endpoint", issuer + "/oauth2/userinfo");
        m.put("scopes_supported", catalog.publicScopes().stream().map(Scope::name).toList());
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put(
                "grant_types_supported",
                List.of("authorization_code", "refresh_token", "client_credentials"));
        List<String> authMethods = List.of("client_secret_basic", "client_secret_post", "none");
        m.put("token_endpoint_auth_methods_supported", authMethods);
        m.put("revocation_endpoint_auth_methods_supported", authMethods);
        m.put(
                "introspection_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("subject_types_supported", List.of("public"));
        m.put("id_token_signing_alg_values_supported", List.of("RS256"));
        m.put(
                "claims_supported",
                List.of("iss", "sub", "aud", "exp", "iat", "nonce", "name", "email"));
        this.metadata = java.util.Collections.unmodifiableMap(m);
    }

    @GET
    @Path("oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> authorizationServer() {
        return metadata;
    }

    @GET
    @Path("openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> openidConfiguration() {
        return metadata;
    }
}
