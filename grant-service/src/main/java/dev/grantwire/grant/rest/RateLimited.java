package dev.grantwire.grant.rest;

import dev.grantwire.grant.config.BootstrapConfig;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.internal.limits.RateLimits;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The rate limits of grant-service's public endpoints ({@link RateLimits}): token, introspection
 * and registration. Checked before the client is authenticated, so that guessing secrets is limited
 * too; a request over a limit is an RFC 6749 error with status 429 and {@code Retry-After}, and
 * nothing else happens.
 */
@ApplicationScoped
public class RateLimited {

    private final RateLimits limits;
    private final Set<String> internalClients;

    RateLimited(RateLimits limits, BootstrapConfig bootstrap) {
        this.limits = limits;
        this.internalClients = Set.copyOf(bootstrap.clients().keySet());
    }

    /**
     * Takes one request of the caller.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param formClientId the form's {@code client_id}, or null
     * @throws OAuthException 429 when the caller or its address is over its limit
     */
    public void take(String authorization, String formClientId, HttpServerRequest request) {
        String address = limits.address(request);
        String caller = RateLimits.caller(authorization, formClientId);
        limits.take(caller == null || internalClients.contains(caller) ? null : caller, address)
                .ifPresent(
                        seconds -> {
                            throw OAuthException.tooManyRequests(seconds);
                        });
    }
}
