package dev.grantwire.grant.security;

import dev.grantwire.grant.config.BootstrapConfig;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.domain.Scope;
import dev.grantwire.internal.ServiceTokenRule;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Who may call the internal API, from the runtime configuration (the filter itself is created
 * before runtime configuration is available, so it asks this bean).
 */
@ApplicationScoped
public class InternalApiPolicy {

    private final String audience;
    private final ServiceTokenRule rule;
    private final List<String> writers;

    InternalApiPolicy(PermissionCatalog catalog, BootstrapConfig bootstrap) {
        this.audience =
                catalog.find(InternalApi.GRANTS_INTERNAL)
                        .map(Scope::audience)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "the catalog has no audience for "
                                                        + InternalApi.GRANTS_INTERNAL));
        this.writers = List.copyOf(bootstrap.internalWriters());
        this.rule = new ServiceTokenRule(audience, "grant-service", InternalApi.GRANTS_INTERNAL);
    }

    /** grant-service's own audience (that of {@code grants.internal}). */
    public String audience() {
        return audience;
    }

    /** The check of service tokens at grant-service's internal API. */
    public ServiceTokenRule rule() {
        return rule;
    }

    /** Whether this internal client may change state through the internal API. */
    public boolean mayWrite(String clientId) {
        return clientId != null && writers.contains(clientId);
    }
}
