package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.quarkus.ManagementInterface;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Health, metrics and OpenAPI of every packaged service answer on its management port and nowhere
 * else: the API port, the one an Ingress or a caller reaches, answers them 404.
 */
@ExtendWith(StackExtension.class)
class ManagementPortsIT {

    /** What each path's answer shows when it is really the endpoint. */
    private static final Map<String, String> SERVICE_ENDPOINTS =
            Map.of(
                    "/q/health/live", "\"UP\"",
                    "/q/health/ready", "\"UP\"",
                    "/q/metrics", "# TYPE jvm_",
                    "/q/openapi", "openapi:");

    /** The demo app, a plain third-party web app, has health only. */
    private static final Map<String, String> DEMO_APP_ENDPOINTS =
            Map.of("/q/health/live", "\"UP\"", "/q/health/ready", "\"UP\"");

    @Test
    void managementEndpointsWhenAskedThenOnlyTheManagementPortAnswers(Stack stack) {
        List<ServiceProcess> services = new ArrayList<>();
        for (Stack.Service service : Stack.Service.values()) {
            services.add(stack.service(service));
        }
        services.addAll(stack.resourceApis().subList(1, stack.resourceApis().size()));
        for (ServiceProcess service : services) {
            Map<String, String> bodies = requireOnlyOnManagementPort(service, SERVICE_ENDPOINTS);
            // A PostgreSQL outage must not take every replica out of its Service at once.
            assertThat(bodies.get("/q/health/ready"))
                    .as(service.name() + " readiness")
                    .doesNotContainIgnoringCase("database");
        }
        requireOnlyOnManagementPort(stack.demoApp(), DEMO_APP_ENDPOINTS);
    }

    private static Map<String, String> requireOnlyOnManagementPort(
            ServiceProcess service, Map<String, String> endpoints) {
        assertThat(service.managementPort()).isNotEqualTo(service.httpPort());
        Map<String, String> bodies =
                ManagementInterface.requireOnlyThere(
                        service.baseUrl(),
                        service.managementUrl(),
                        List.copyOf(endpoints.keySet()));
        endpoints.forEach(
                (path, shows) ->
                        assertThat(bodies.get(path))
                                .as(service.name() + " " + path)
                                .contains(shows));
        return bodies;
    }
}
