package dev.grantwire.grant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The permission catalog: every scope an app may ask for, and the internal scopes of the Grantwire
 * services. The default catalog is in {@code application.properties}; scope names contain dots, so
 * keys are quoted: {@code grantwire.catalog.scopes."work_items.read".audience=...}.
 */
@ConfigMapping(prefix = "grantwire.catalog")
public interface CatalogConfig {

    /** Scope name to its definition. Names ending in {@code .internal} are internal scopes. */
    Map<String, ScopeDefinition> scopes();

    /**
     * The order of the permission groups on consent-service's pages; groups not named come last, in
     * name order.
     */
    @WithDefault("Work items,Code,Builds,Profile,Access while you are away")
    List<String> groupOrder();

    /** One scope. */
    interface ScopeDefinition {

        /**
         * The resource (token audience) the scope opens; none for {@code openid}, {@code
         * offline_access}.
         */
        Optional<String> audience();

        /** Plain words for the approval page: the one place users' wording is configured. */
        String description();

        /** The resource group it is shown under on the pages (e.g. {@code Work items}). */
        @WithDefault("Other")
        String group();

        /** Whether the scope lets the app change data. */
        @WithDefault("false")
        boolean writes();

        /**
         * Whether an app may get it for itself through {@code client_credentials} (no user
         * involved).
         */
        @WithDefault("false")
        boolean appLevel();
    }
}
