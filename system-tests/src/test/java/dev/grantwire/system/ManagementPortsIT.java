package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void managementEndpointsWhenAskedThenOnlyTheManagementPortAnswers(Stack stack)
            throws Exception {
        List<ServiceProcess> services = new ArrayList<>();
        for (Stack.Service service : Stack.Service.values()) {
            services.add(stack.service(service));
        }
        services.addAll(stack.resourceApis().subList(1, stack.resourceApis().size()));
        for (ServiceProcess service : services) {
            assertServedOnlyOnManagementPort(service, SERVICE_ENDPOINTS);
        }
        assertServedOnlyOnManagementPort(stack.demoApp(), DEMO_APP_ENDPOINTS);
    }

    private void assertServedOnlyOnManagementPort(
            ServiceProcess service, Map<String, String> endpoints) throws Exception {
        assertThat(service.managementPort()).isNotEqualTo(service.httpPort());
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            String path = endpoint.getKey();
            HttpResponse<String> onApi = get(service.baseUrl() + path);
            assertThat(onApi.statusCode()).as(service.name() + " API port " + path).isEqualTo(404);
            assertThat(onApi.body()).doesNotContain(endpoint.getValue());
            HttpResponse<String> onManagement = get(service.managementUrl() + path);
            assertThat(onManagement.statusCode())
                    .as(service.name() + " management port " + path)
                    .isEqualTo(200);
            assertThat(onManagement.body()).contains(endpoint.getValue());
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
