package dev.grantwire.testsupport.balancer;

import dev.grantwire.testsupport.stack.Stack.Service;
import java.util.List;

/**
 * The public paths of Grantwire's one host and the service each goes to: what the Kubernetes
 * Ingress routes (deploy/k8s/base/ingress.yaml; its tests compare the two) and what the replica
 * harness's HAProxy routes the same way. Internal APIs and management endpoints are not here:
 * nothing outside reaches them.
 */
public final class IngressRoutes {

    /** One path: {@code exact}, or a prefix that matches the path and everything under it. */
    public record Route(String path, boolean exact, Service service) {}

    public static final List<Route> ROUTES =
            List.of(
                    new Route("/oauth2/authorize", false, Service.CONSENT),
                    new Route("/account", false, Service.CONSENT),
                    new Route("/authorizations", false, Service.CONSENT),
                    new Route("/admin", false, Service.CONSENT),
                    new Route("/sign-out", true, Service.CONSENT),
                    new Route("/signed-out", true, Service.CONSENT),
                    new Route("/grantwire.css", true, Service.CONSENT),
                    new Route("/oauth2/token", true, Service.GRANT),
                    new Route("/oauth2/jwks", true, Service.GRANT),
                    new Route("/oauth2/introspect", true, Service.GRANT),
                    new Route("/oauth2/userinfo", true, Service.GRANT),
                    new Route("/oauth2/register", false, Service.GRANT),
                    new Route("/.well-known", false, Service.GRANT),
                    new Route("/oauth2/revoke", true, Service.REVOCATION));

    private IngressRoutes() {}
}
