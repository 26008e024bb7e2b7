package dev.grantwire.internal;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.grantwire.protocol.CompactJws;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one check of a service token at an internal API (<a
 * href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 section 3</a>), shared by every
 * callee:
 *
 * <ol>
 *   <li>a bearer token, spelled canonically ({@link CompactJws}) and valid by the callee's own
 *       verifier (signature, {@code typ: at+jwt}, issuer, expiry with at most S of skew), else 401;
 *   <li>issued to a service itself: no {@code grant_id}, so a user's delegated token never passes,
 *       and meant for this callee: {@code aud} holds its audience, else 403;
 *   <li>carrying the API's internal scope, else 403 naming the scope.
 * </ol>
 *
 * Which services may call which endpoint is the callee's own policy, applied to {@link
 * Decision#clientId()} afterwards ({@link #forbidden(String)}). Stateless and thread-safe.
 */
public final class ServiceTokenRule {

    private static final String REALM = "Bearer realm=\"grantwire\"";

    /** The outcome: a refusal to send, or the calling service's {@code client_id}. */
    public record Decision(Response refusal, String clientId) {

        /** Whether the call is refused; then {@link #refusal()} is the answer. */
        public boolean refused() {
            return refusal != null;
        }
    }

    private final String audience;
    private final String callee;
    private final String scope;

    /**
     * @param audience the callee's audience, as grant-service's catalog gives it for {@code scope}
     * @param callee the callee's name, for the refusal's words
     * @param scope the internal scope the API requires
     */
    public ServiceTokenRule(String audience, String callee, String scope) {
        this.audience = audience;
        this.callee = callee;
        this.scope = scope;
    }

    /**
     * Checks the request's {@code Authorization} header.
     *
     * @param verifier the callee's signature and time checks: the claims, or empty when the token
     *     is not valid (it must not throw)
     */
    public Decision check(String authorization, Function<String, Optional<JWTClaimsSet>> verifier) {
        if (authorization == null
                || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            return refuse(401, REALM, "a bearer token is required");
        }
        String token = authorization.substring(7).strip();
        // Only the spelling grant-service issued (RFC 7515 7.1): the white space HTTP allows around
        // the token is not part of it, anything else is.
        Optional<JWTClaimsSet> verified =
                CompactJws.isCanonical(token) ? verifier.apply(token) : Optional.empty();
        if (verified.isEmpty()) {
            return refuse(401, REALM + ", error=\"invalid_token\"", "invalid token");
        }
        JWTClaimsSet claims = verified.get();
        List<String> audiences = claims.getAudience();
        if (claims.getClaim("grant_id") != null
                || audiences == null
                || !audiences.contains(audience)) {
            return refuse(
                    403,
                    REALM + ", error=\"insufficient_scope\"",
                    "a service token meant for " + callee + " is required");
        }
        if (!scopes(claims).contains(scope)) {
            return refuse(
                    403,
                    REALM + ", error=\"insufficient_scope\", scope=\"" + scope + "\"",
                    "the " + scope + " scope is required");
        }
        Object clientId = claims.getClaim("client_id");
        return new Decision(null, clientId instanceof String id ? id : null);
    }

    /** The refusal of a valid service token whose service may not call this endpoint: 403. */
    public static Response forbidden(String detail) {
        return withChallenge(403, REALM + ", error=\"insufficient_scope\"", detail);
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        try {
            String value = claims.getStringClaim("scope");
            return value == null
                    ? Set.of()
                    : Arrays.stream(value.trim().split("\\s+")).collect(Collectors.toSet());
        } catch (ParseException e) {
            return Set.of();
        }
    }

    private static Decision refuse(int status, String challenge, String detail) {
        return new Decision(withChallenge(status, challenge, detail), null);
    }

    private static Response withChallenge(int status, String challenge, String detail) {
        Response problem =
                Problems.response(status, status == 401 ? "Unauthorized" : "Forbidden", detail);
        return Response.fromResponse(problem)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }
}
