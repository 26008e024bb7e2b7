package dev.grantwire.testsupport.quarkus;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.net.URI;

/**
 * Where the {@code @QuarkusTest} application that runs now serves health, metrics and OpenAPI: the
 * Quarkus management interface, a port of its own ({@code quarkus.management.test-port=0}, a free
 * one), never the API port. A test reads it as {@code given().baseUri(ManagementInterface.url())
 * .get("/q/metrics")}.
 */
public final class ManagementInterface {

    private ManagementInterface() {}

    /** The management interface's origin, e.g. {@code http://127.0.0.1:41234}. */
    public static String url() {
        // Quarkus names it with its root path (".../q"); tests name whole paths, as probes do.
        URI withRoot = URI.create(TestHTTPResourceManager.getManagementUri());
        return withRoot.getScheme() + "://" + withRoot.getRawAuthority();
    }
}
