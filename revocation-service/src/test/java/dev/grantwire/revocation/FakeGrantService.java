package dev.grantwire.revocation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for grant-service inside the app under test (grant-service does not run in this
 * module's tests): its token endpoint for revocation-service's client credentials, and the internal
 * reads revocation-service makes. The tests fill its tables; it answers like the real one (the real
 * one is tested in grant-service's TokenResolutionTest and end to end in system-tests).
 */
@Path("/test-support/grant-service")
public class FakeGrantService {

    static final String CLIENT = "revocation-service";
    static final String SECRET = "local-stack-revocation-service-client-secret-01";

    /** An access token grant-service issued. */
    record Access(String clientId, String jti, UUID grantId, UUID userId) {}

    /** A refresh token grant-service issued. */
    record Refresh(String clientId, UUID grantId, UUID userId) {}

    /** A grant. */
    record Grant(UUID userId, String clientId) {}

    static final Map<String, String> APP_SECRETS = new ConcurrentHashMap<>();
    static final Map<String, Access> ACCESS = new ConcurrentHashMap<>();
    static final Map<String, Refresh> REFRESH = new ConcurrentHashMap<>();
    static final Map<UUID, Grant> GRANTS = new ConcurrentHashMap<>();
    static final Set<UUID> USERS = ConcurrentHashMap.newKeySet();
    static final Set<UUID> ADMINS = ConcurrentHashMap.newKeySet();
    static final Set<String> SERVICE_TOKENS = ConcurrentHashMap.newKeySet();
    static final Set<String> CORS_ORIGINS = ConcurrentHashMap.newKeySet();
    static final AtomicInteger TOKEN_REQUESTS = new AtomicInteger();
    static final Map<String, Object> LAST_RESOLUTION = new ConcurrentHashMap<>();
    static volatile boolean down;

    static void reset() {
        APP_SECRETS.clear();
        ACCESS.clear();
        REFRESH.clear();
        GRANTS.clear();
        USERS.clear();
        ADMINS.clear();
        CORS_ORIGINS.clear();
        LAST_RESOLUTION.clear();
        down = false;
    }

    @POST
    @Path("oauth2/token")
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@HeaderParam("Authorization") String authorization, String body) {
        TOKEN_REQUESTS.incrementAndGet();
        String expected =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(authorization)
                || !body.contains("grant_type=client_credentials")
                || !body.contains("scope=grants.internal")) {
            return Response.status(401).entity(Map.of("error", "invalid_client")).build();
        }
        String token = "service-token-" + UUID.randomUUID();
        SERVICE_TOKENS.add(token);
        return Response.ok(Map.of("access_token", token, "token_type", "Bearer", "expires_in", 300))
                .build();
    }

    @POST
    @Path("internal/v1/token-resolutions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response resolve(
            @HeaderParam("Authorization") String authorization, Map<String, Object> request) {
        Response refused = refuse(authorization);
        if (refused != null) {
            return refused;
        }
        LAST_RESOLUTION.clear();
        request.forEach(
                (name, value) -> {
                    if (value != null) {
                        LAST_RESOLUTION.put(name, value);
                    }
                });
        Map<String, Object> answer = new LinkedHashMap<>();
        String client = authenticate(request, answer);
        answer.put("clientAuthenticated", client != null);
        answer.put("clientId", client);
        Object token = request.get("token");
        if (client == null || token == null) {
            return Response.ok(answer).build();
        }
        Access access = ACCESS.get(token);
        Refresh refresh = REFRESH.get(token);
        if (access != null) {
            answer.put("tokenType", "access");
            answer.put("tokenClientId", access.clientId());
            answer.put("jti", access.jti());
            answer.put("grantId", access.grantId());
            answer.put("userId", access.userId());
        } else if (refresh != null) {
            answer.put("tokenType", "refresh");
            answer.put("tokenClientId", refresh.clientId());
            answer.put("grantId", refresh.grantId());
            answer.put("userId", refresh.userId());
        } else {
            answer.put("tokenType", "unknown");
        }
        return Response.ok(answer).build();
    }

    @GET
    @Path("internal/v1/token-resolutions/cors-origin")
    @Produces(MediaType.APPLICATION_JSON)
    public Response corsOrigin(
            @HeaderParam("Authorization") String authorization,
            @QueryParam("origin") String origin) {
        Response refused = refuse(authorization);
        if (refused != null) {
            return refused;
        }
        return Response.ok(Map.of("allowed", CORS_ORIGINS.contains(origin))).build();
    }

    private static String authenticate(Map<String, Object> request, Map<String, Object> answer) {
        Object header = request.get("authorization");
        String id;
        String secret;
        boolean basic = header != null;
        if (basic) {
            String decoded =
                    new String(
                            Base64.getDecoder().decode(header.toString().substring(6)),
                            StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } else {
            id = (String) request.get("clientId");
            secret = (String) request.get("clientSecret");
        }
        if (id != null && secret != null && secret.equals(APP_SECRETS.get(id))) {
            return id;
        }
        answer.put("error", "invalid_client");
        answer.put("errorDescription", "client authentication failed");
        answer.put("basicChallenge", basic);
        return null;
    }

    @GET
    @Path("internal/v1/grants/{grantId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response grant(
            @HeaderParam("Authorization") String authorization,
            @PathParam("grantId") UUID grantId) {
        Response refused = refuse(authorization);
        if (refused != null) {
            return refused;
        }
        Grant grant = GRANTS.get(grantId);
        if (grant == null) {
            return Response.status(404).build();
        }
        return Response.ok(
                        Map.of(
                                "grantId",
                                grantId,
                                "userId",
                                grant.userId(),
                                "clientId",
                                grant.clientId(),
                                "status",
                                "active"))
                .build();
    }

    @GET
    @Path("internal/v1/users/{userId}/admin")
    @Produces(MediaType.APPLICATION_JSON)
    public Response admin(
            @HeaderParam("Authorization") String authorization, @PathParam("userId") UUID userId) {
        Response refused = refuse(authorization);
        if (refused != null) {
            return refused;
        }
        if (!USERS.contains(userId)) {
            return Response.status(404).build();
        }
        return Response.ok(Map.of("userId", userId, "admin", ADMINS.contains(userId))).build();
    }

    @GET
    @Path("internal/v1/users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response user(
            @HeaderParam("Authorization") String authorization, @PathParam("userId") UUID userId) {
        Response refused = refuse(authorization);
        if (refused != null) {
            return refused;
        }
        return USERS.contains(userId)
                ? Response.ok(Map.of("userId", userId)).build()
                : Response.status(404).build();
    }

    @GET
    @Path("internal/v1/apps/{clientId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response app(
            @HeaderParam("Authorization") String authorization,
            @PathParam("clientId") String clientId) {
        Response refused = refuse(authorization);
        if (refused != null) {
            return refused;
        }
        return APP_SECRETS.containsKey(clientId)
                ? Response.ok(Map.of("clientId", clientId)).build()
                : Response.status(404).build();
    }

    /** 503 when "down", 401 without a service token from this token endpoint. */
    private static Response refuse(String authorization) {
        if (down) {
            return Response.status(503).build();
        }
        if (authorization == null
                || !authorization.startsWith("Bearer ")
                || !SERVICE_TOKENS.contains(authorization.substring(7))) {
            return Response.status(401).build();
        }
        return null;
    }
}
