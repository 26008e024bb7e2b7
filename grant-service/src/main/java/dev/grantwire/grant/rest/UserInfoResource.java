package dev.grantwire.grant.rest;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.domain.User;
import dev.grantwire.grant.service.FeedGate;
import dev.grantwire.grant.service.IntrospectionService;
import dev.grantwire.grant.service.UserService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * OpenID Connect UserInfo (Core section 5.3): needs an access token with {@code openid}. While this
 * replica's view of revocations is stale it answers 503 {@code temporarily_unavailable} with {@code
 * Retry-After}, as the token endpoint does, rather than vouch for a token that may have been
 * revoked during the outage.
 */
@Path("/oauth2/userinfo")
public class UserInfoResource {

    private final IntrospectionService introspection;
    private final UserService users;
    private final FeedGate feedGate;

    UserInfoResource(IntrospectionService introspection, UserService users, FeedGate feedGate) {
        this.introspection = introspection;
        this.users = users;
        this.feedGate = feedGate;
    }

    /**
     * The same by POST, which OIDC Core section 5.3.1 allows; the token still comes in the
     * Authorization header (whatever body comes with it is ignored).
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response userInfoByPost(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return userInfo(authorization);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response userInfo(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Optional<JWTClaimsSet> claims =
                authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? introspection.activeAccessToken(authorization.substring(7).strip())
                        : Optional.empty();
        try {
            if (claims.isEmpty() || claims.get().getStringClaim("grant_id") == null) {
                return challenge("invalid_token");
            }
            feedGate.requireFresh();
            Set<String> scopes = PermissionCatalog.parse(claims.get().getStringClaim("scope"));
            if (!scopes.contains("openid")) {
                return Response.status(403)
                        .header(
                                HttpHeaders.WWW_AUTHENTICATE,
                                "Bearer error=\"insufficient_scope\", scope=\"openid\"")
                        .build();
            }
            User user = users.find(UUID.fromString(claims.get().getSubject()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sub", user.userId().toString());
            if (scopes.contains("profile.read")) {
                body.put("name", user.displayName());
                body.put("email", user.email());
            }
            return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        } catch (ParseException | IllegalArgumentException e) {
            return challenge("invalid_token");
        }
    }

    private static Response challenge(String error) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + error + "\"")
                .build();
    }
}
