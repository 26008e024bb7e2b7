package dev.grantwire.revocation.client;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * grant-service's base URL ({@code grantwire.revocation.grant-service.url}), read at first use
 * rather than at startup: it may name the HTTP port, known only once the server is bound (tests).
 */
@ApplicationScoped
public class GrantServiceUrl {

    static final String PROPERTY = "grantwire.revocation.grant-service.url";
    static final String DEFAULT = "http://127.0.0.1:8081";

    private volatile String url;

    /** The base URL without a trailing slash. */
    public String get() {
        String current = url;
        if (current == null) {
            current =
                    ConfigProvider.getConfig()
                            .getOptionalValue(PROPERTY, String.class)
                            .orElse(DEFAULT)
                            .replaceAll("/+$", "");
            url = current;
        }
        return current;
    }
}
