package dev.grantwire.grant.security;

import dev.grantwire.grant.service.IntrospectionService;
import dev.grantwire.internal.ServiceTokenRule;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;

/**
 * Guards {@link InternalApi} resources: a bearer token this service issued and verifies locally
 * (401 otherwise, RFC 6750 section 3), meant for grant-service (its {@code aud} holds the audience
 * of {@code grants.internal}), issued to a service itself (no {@code grant_id}: a user's delegated
 * token never passes) and carrying {@code grants.internal} (403 otherwise). Only the configured
 * writer clients may change state (any method but GET, HEAD and OPTIONS; 403 otherwise). A method
 * marked {@link InternalQuery} is a read whatever its HTTP method, open only to the clients it
 * names (403 for any other). The token must be one introspection would call active ({@link
 * IntrospectionService#activeAccessToken}): a service token covered by an applied revocation (its
 * {@code jti}, or its client with a cutoff after it was issued: an admin's revocation of an
 * internal client) is a 401 {@code invalid_token}, and the caller asks for a new one.
 */
@Provider
@InternalApi
@Priority(Priorities.AUTHENTICATION)
public class InternalApiFilter implements ContainerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final IntrospectionService introspection;
    private final InternalApiPolicy policy;

    @Context ResourceInfo resource;

    InternalApiFilter(IntrospectionService introspection, InternalApiPolicy policy) {
        this.introspection = introspection;
        this.policy = policy;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        ServiceTokenRule.Decision decision =
                policy.rule()
                        .check(
                                request.getHeaderString(HttpHeaders.AUTHORIZATION),
                                introspection::activeAccessToken);
        if (decision.refused()) {
            request.abortWith(decision.refusal());
            return;
        }
        String clientId = decision.clientId();
        InternalQuery query = query();
        if (query != null) {
            if (clientId == null || !Arrays.asList(query.callers()).contains(clientId)) {
                request.abortWith(
                        ServiceTokenRule.forbidden(
                                "this internal client may not call this endpoint"));
            }
            return;
        }
        if (!READS.contains(request.getMethod()) && !policy.mayWrite(clientId)) {
            request.abortWith(
                    ServiceTokenRule.forbidden(
                            "this service may only read through the internal API"));
        }
    }

    /** The marker on the matched method, or on its implementation when an interface declares it. */
    private InternalQuery query() {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        InternalQuery query = method.getAnnotation(InternalQuery.class);
        Class<?> target = resource.getResourceClass();
        if (query == null && target != null && target != method.getDeclaringClass()) {
            try {
                query =
                        target.getMethod(method.getName(), method.getParameterTypes())
                                .getAnnotation(InternalQuery.class);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
        return query;
    }
}
