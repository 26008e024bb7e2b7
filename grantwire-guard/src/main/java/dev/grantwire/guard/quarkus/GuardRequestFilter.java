package dev.grantwire.guard.quarkus;

import dev.grantwire.guard.AccessGuard;
import dev.grantwire.guard.AccessRefusedException;
import dev.grantwire.guard.GuardObserver;
import dev.grantwire.guard.Refusal;
import dev.grantwire.guard.VerifiedToken;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The guard at the door of every JAX-RS request: a request to a path under {@link
 * GuardConfig#protectedPaths()} or to a resource annotated with {@link RequiresScope} needs a
 * valid, unrevoked access token (see {@link AccessGuard}); the token is then available through
 * {@link CurrentToken}. Refusals are {@code application/problem+json} (RFC 9457): 401 with {@code
 * WWW-Authenticate: Bearer} (RFC 6750 section 3), 403 for a missing scope, 503 with {@code
 * Retry-After} while the revocation feed is not read yet or stale.
 *
 * <p>Does nothing in a service that configures no issuer and annotates nothing, and nothing when
 * the guard is disabled at build time.
 */
public class GuardRequestFilter {

    private static final String[] NOT_ANNOTATED = new String[0];

    private final Map<Method, String[]> scopesByMethod = new ConcurrentHashMap<>();

    @Inject Instance<GuardAccess> access;
    @Inject Instance<CurrentToken> currentToken;
    @Inject Instance<GuardObserver> observers;

    /** Checks the request: {@code null} to go on, or the problem answer that refuses it. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response filter(ContainerRequestContext request, ResourceInfo resource) {
        String[] scopes = requiredScopes(resource);
        GuardAccess settings = access.isResolvable() ? access.get() : null;
        AccessGuard guard = settings == null ? null : settings.guard();
        boolean annotated = scopes != NOT_ANNOTATED;
        if (!annotated
                && (guard == null || !isProtected(request.getUriInfo().getPath(), settings))) {
            return null;
        }
        if (guard == null) {
            return Problems.unavailable(
                    "not-configured",
                    "Token checks are not configured",
                    "This endpoint needs grantwire.guard.issuer and" + " grantwire.guard.audience",
                    30);
        }
        VerifiedToken token;
        try {
            token =
                    guard.authorize(
                            request.getHeaderString(HttpHeaders.AUTHORIZATION),
                            System.currentTimeMillis());
        } catch (AccessRefusedException refused) {
            return Problems.refused(refused);
        }
        for (String scope : scopes) {
            if (!token.hasScope(scope)) {
                if (observers.isResolvable()) {
                    observers.get().refused(Refusal.INSUFFICIENT_SCOPE);
                }
                return Problems.insufficientScope(scopes);
            }
        }
        currentToken.get().set(token);
        return null;
    }

    private String[] requiredScopes(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return NOT_ANNOTATED;
        }
        return scopesByMethod.computeIfAbsent(
                method,
                m -> {
                    RequiresScope onMethod = m.getAnnotation(RequiresScope.class);
                    if (onMethod != null) {
                        return onMethod.value();
                    }
                    RequiresScope onClass =
                            resource.getResourceClass().getAnnotation(RequiresScope.class);
                    return onClass != null ? onClass.value() : NOT_ANNOTATED;
                });
    }

    private static boolean isProtected(String path, GuardAccess settings) {
        String normalized = path.startsWith("/") ? path : "/" + path;
        List<String> prefixes = settings.protectedPaths();
        for (String prefix : prefixes) {
            if (normalized.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Builds the refusal answers. */
    static final class Problems {

        static final String PROBLEM_JSON = "application/problem+json";

        private Problems() {}

        static Response refused(AccessRefusedException refused) {
            Refusal refusal = refused.refusal();
            if (refusal.status() == 503) {
                return unavailable(
                        refusal.metricName().replace('_', '-'),
                        refusal == Refusal.NOT_READY ? "Not ready" : "Revocation feed not current",
                        refused.getMessage(),
                        refused.retryAfterSeconds());
            }
            String challenge =
                    refusal.errorCode() == null
                            ? "Bearer realm=\"grantwire\""
                            : "Bearer realm=\"grantwire\", error=\""
                                    + refusal.errorCode()
                                    + "\", error_description=\""
                                    + quoted(refused.getMessage())
                                    + "\"";
            return Response.status(401)
                    .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .type(PROBLEM_JSON)
                    .entity(
                            body(
                                    refusal.metricName().replace('_', '-'),
                                    "Unauthorized",
                                    401,
                                    refused.getMessage()))
                    .build();
        }

        static Response insufficientScope(String[] scopes) {
            String needed = String.join(" ", scopes);
            return Response.status(403)
                    .header(
                            HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer realm=\"grantwire\", error=\"insufficient_scope\","
                                    + " error_description=\"The access token lacks a required"
                                    + " scope\", scope=\""
                                    + quoted(needed)
                                    + "\"")
                    .type(PROBLEM_JSON)
                    .entity(
                            body(
                                    "insufficient-scope",
                                    "Forbidden",
                                    403,
                                    "This endpoint needs the scope(s): " + needed))
                    .build();
        }

        static Response unavailable(
                String type, String title, String detail, long retryAfterSeconds) {
            return Response.status(503)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .type(PROBLEM_JSON)
                    .entity(body(type, title, 503, detail))
                    .build();
        }

        static String body(String type, String title, int status, String detail) {
            return "{\"type\":\"urn:grantwire:problem:"
                    + json(type)
                    + "\",\"title\":\""
                    + json(title)
                    + "\",\"status\":"
                    + status
                    + ",\"detail\":\""
                    + json(detail)
                    + "\"}";
        }

        private static String quoted(String value) {
            return value.replace("\\", "").replace("\"", "'");
        }

        private static String json(String value) {
            StringBuilder out = new StringBuilder(value.length() + 8);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
