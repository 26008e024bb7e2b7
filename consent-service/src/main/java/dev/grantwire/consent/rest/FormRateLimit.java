package dev.grantwire.consent.rest;

import dev.grantwire.consent.security.SignedOutSessions;
import dev.grantwire.internal.limits.RateLimits;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.OptionalLong;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The rate limits of the pages' forms ({@link RateLimits}): every POST counts against the signed-in
 * user (by the provider's issuer and subject) and against its source address. A POST over a limit
 * gets a plain 429 page with {@code Retry-After}, and nothing it asked for is done.
 */
@Provider
@Priority(Priorities.USER)
public class FormRateLimit implements ContainerRequestFilter {

    @Inject RateLimits limits;
    @Inject SecurityIdentity identity;
    @Context HttpServerRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (!"POST".equals(context.getMethod())) {
            return;
        }
        String user = SignedOutSessions.idToken(identity).map(FormRateLimit::userKey).orElse(null);
        OptionalLong wait = limits.take(user, limits.address(request));
        if (wait.isPresent()) {
            context.abortWith(
                    jakarta.ws.rs.core.Response.fromResponse(
                                    Pages.message(
                                            429,
                                            "Too many requests",
                                            "You sent more forms than we accept in a minute, so"
                                                    + " nothing was done. Wait "
                                                    + wait.getAsLong()
                                                    + " seconds and try again.",
                                            "/account"))
                            .header("Retry-After", wait.getAsLong())
                            .build());
        }
    }

    private static String userKey(JsonWebToken idToken) {
        return "user\n" + idToken.getIssuer() + "\n" + idToken.getSubject();
    }
}
