package dev.grantwire.revocation.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.grantwire.internal.ServiceTokenRule;
import dev.grantwire.internal.revocations.RevocationAssertions;
import dev.grantwire.revocation.persistence.LedgerRepository;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Guards everything under {@code /internal/}: a bearer access token issued by grant-service ({@code
 * typ: at+jwt}, RS256, signed by a key of its JWKS at {@code grantwire.revocation.jwks-url}, {@code
 * iss} = {@code grantwire.revocation.issuer}, unexpired with at most {@value #CLOCK_SKEW_SECONDS} s
 * of skew; 401 otherwise, RFC 6750 section 3), meant for revocation-service ({@code aud} holds
 * {@value #AUDIENCE}), issued to a service itself (no {@code grant_id}: a user's delegated token
 * never passes) and carrying {@value #SCOPE} (403 otherwise). Each API is open to its own callers
 * only, by the token's {@code client_id} and the matched resource's {@link InternalApi} (403
 * otherwise): the command API to {@code grantwire.revocation.command-clients} (grant-service), the
 * user and admin APIs to {@code grantwire.revocation.api-clients} (consent-service), the ledger to
 * both. A service token the ledger revokes (its {@code jti}, or its client with a cutoff after it
 * was issued: an admin's revocation of an internal client) is a 401 {@code invalid_token}; the
 * caller mints a new one, which passes once the cutoff is behind it. Runs after matching, on the
 * worker thread of the (blocking) resource method, never on the event loop: fetching the JWKS and
 * reading the ledger block. A token that cannot be verified for any reason (including an
 * unreachable JWKS) is a 401, never a 500.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class InternalApiFilter implements ContainerRequestFilter {

    static final String AUDIENCE = RevocationAssertions.AUDIENCE;
    static final String SCOPE = "revocations.internal";
    static final int CLOCK_SKEW_SECONDS = GrantServiceKeys.CLOCK_SKEW_SECONDS;

    private static final Logger LOG = Logger.getLogger(InternalApiFilter.class);
    private static final ServiceTokenRule RULE =
            new ServiceTokenRule(AUDIENCE, "revocation-service", SCOPE);

    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private final LedgerRepository ledger;

    @Context ResourceInfo resource;

    InternalApiFilter(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        InternalApi api = api();
        boolean underInternal =
                path != null && (path.startsWith("/internal/") || path.equals("/internal"));
        if (api == null && !underInternal) {
            return;
        }
        ServiceTokenRule.Decision decision =
                RULE.check(request.getHeaderString(HttpHeaders.AUTHORIZATION), this::verify);
        if (decision.refused()) {
            request.abortWith(decision.refusal());
            return;
        }
        InternalApi.Callers callers = api == null ? InternalApi.Callers.ANY : api.value();
        if (decision.clientId() == null || !clients(callers).contains(decision.clientId())) {
            request.abortWith(ServiceTokenRule.forbidden("this service may not call this API"));
        }
    }

    private Optional<JWTClaimsSet> verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor().process(token, null);
        } catch (KeySourceException e) {
            LOG.warnf("internal API token refused, the JWKS could not be used: %s", e.getMessage());
            return Optional.empty();
        } catch (Exception e) {
            LOG.debugf("internal API token refused: %s", e.getMessage());
            return Optional.empty();
        }
        Object clientId = claims.getClaim("client_id");
        if (claims.getIssueTime() == null
                || ledger.refusesServiceToken(
                        claims.getJWTID(),
                        clientId instanceof String id ? id : null,
                        claims.getIssueTime().toInstant())) {
            LOG.debugf("internal API token refused: revoked (client %s)", clientId);
            return Optional.empty();
        }
        return Optional.of(claims);
    }

    /**
     * The client ids of Grantwire's own services as this service knows them: its callers and
     * itself. Only an admin revokes one of them.
     */
    public static Set<String> internalClients() {
        Set<String> clients = clients(InternalApi.Callers.ANY);
        clients.add(
                ConfigProvider.getConfig()
                        .getOptionalValue(
                                "grantwire.revocation.grant-service.client-id", String.class)
                        .orElse("revocation-service"));
        return clients;
    }

    private InternalApi api() {
        Class<?> target = resource == null ? null : resource.getResourceClass();
        return target == null ? null : target.getAnnotation(InternalApi.class);
    }

    /** The client ids of a caller group, from configuration. */
    private static Set<String> clients(InternalApi.Callers callers) {
        Config config = ConfigProvider.getConfig();
        Set<String> clients = new HashSet<>();
        if (callers != InternalApi.Callers.USERS_AND_ADMINS) {
            clients.addAll(
                    config.getOptionalValues("grantwire.revocation.command-clients", String.class)
                            .orElse(List.of("grant-service")));
        }
        if (callers != InternalApi.Callers.COMMANDS) {
            clients.addAll(
                    config.getOptionalValues("grantwire.revocation.api-clients", String.class)
                            .orElse(List.of("consent-service")));
        }
        return clients;
    }

    /**
     * Built at first use, not at startup: the JWKS URL may refer to the HTTP port, which is only
     * known once the server is bound (tests use a random port).
     */
    private DefaultJWTProcessor<SecurityContext> processor() throws Exception {
        DefaultJWTProcessor<SecurityContext> current = processor;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (processor == null) {
                processor = GrantServiceKeys.processor("at+jwt", null, Set.of("exp"));
            }
            return processor;
        }
    }
}
