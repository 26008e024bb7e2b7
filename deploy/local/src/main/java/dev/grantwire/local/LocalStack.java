package dev.grantwire.local;

import dev.grantwire.testsupport.PortTakenException;
import dev.grantwire.testsupport.keycloak.GrantwireRealm;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.ServicePorts;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.StackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack: the whole of Grantwire on 127.0.0.1, with no container engine, until Ctrl+C.
 * Settings come from environment variables (see the README); data lives in {@code GRANTWIRE_HOME},
 * by default {@code ./.grantwire}, so a restart keeps it.
 */
public final class LocalStack {

    private LocalStack() {}

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        StackSettings settings = settings();
        System.out.println("Starting Grantwire in " + settings.home() + " ...");
        Stack stack;
        try {
            stack = Stack.start(settings);
        } catch (PortTakenException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("The stack did not start: " + e.getMessage());
            System.err.println("Logs are in " + settings.home().resolve("logs"));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.out.println("\nStopping Grantwire ...");
                                    stack.close();
                                    System.out.println("Stopped; data kept in " + settings.home());
                                    stopped.countDown();
                                },
                                "local-stack-stop"));
        printBanner(stack, Duration.ofNanos(System.nanoTime() - started));
        stopped.await();
    }

    private static void printBanner(Stack stack, Duration took) {
        String consent = stack.url(Stack.Service.CONSENT);
        System.out.printf(
                """

                Grantwire is running (ready in %.1f s). Ctrl+C stops everything.

                  consent-service     %s   (sign in: %s/account)
                  grant-service       %s
                  revocation-service  %s
                  example API         %s
                  demo app            %s   (try: Connect)
                  Keycloak            %s   (console /admin: keycloak-admin / keycloak-admin-password)
                  Kafka               %s   topic grantwire.revocations.v1
                                      (SCRAM-SHA-512 users and passwords: %s)
                  PostgreSQL          127.0.0.1:%d   (user postgres)

                Health, metrics and OpenAPI (/q/health, /q/metrics, /q/openapi) answer only on
                each service's management port, never on its API port:
                  %s

                Demo users (realm %s): alice / %s, bob / %s, admin / %s

                Try next:
                  open %s, click Connect, sign in as alice and Accept; then revoke it
                    at %s/authorizations and watch the demo app lose access
                  curl -s %s/.well-known/openid-configuration
                  open %s/account and sign in as alice
                Logs: %s
                """,
                took.toMillis() / 1000.0,
                consent,
                consent,
                stack.url(Stack.Service.GRANT),
                stack.url(Stack.Service.REVOCATION),
                stack.url(Stack.Service.RESOURCE_API),
                stack.demoAppUrl(),
                stack.keycloak().baseUrl(),
                stack.kafka().bootstrapServers(),
                stack.kafka().credentialsFile(),
                stack.postgres().port(),
                managementUrls(stack),
                GrantwireRealm.NAME,
                GrantwireRealm.passwordOf(GrantwireRealm.ALICE),
                GrantwireRealm.passwordOf(GrantwireRealm.BOB),
                GrantwireRealm.passwordOf(GrantwireRealm.ADMIN),
                stack.demoAppUrl(),
                consent,
                stack.url(Stack.Service.GRANT),
                consent,
                stack.service(Stack.Service.CONSENT).logFile().getParent());
    }

    private static String managementUrls(Stack stack) {
        List<ServiceProcess> services = new ArrayList<>();
        for (Stack.Service service : Stack.Service.values()) {
            services.add(stack.service(service));
        }
        services.add(stack.demoApp());
        List<String> lines = new ArrayList<>();
        for (ServiceProcess service : services) {
            lines.add(String.format("%-19s %s", service.name(), service.managementUrl()));
        }
        return String.join("\n  ", lines);
    }

    private static StackSettings settings() {
        Path root = Path.of(env("GRANTWIRE_ROOT", ".")).toAbsolutePath().normalize();
        return new StackSettings(
                root,
                Path.of(env("GRANTWIRE_HOME", root.resolve(".grantwire").toString()))
                        .toAbsolutePath()
                        .normalize(),
                true,
                ports("GRANTWIRE_CONSENT", 8080, 9080),
                ports("GRANTWIRE_GRANT", 8081, 9081),
                ports("GRANTWIRE_REVOCATION", 8082, 9082),
                ports("GRANTWIRE_RESOURCE_API", 8083, 9083),
                ports("GRANTWIRE_DEMO_APP", 8084, 9084),
                port("GRANTWIRE_KEYCLOAK_PORT", 8180),
                port("GRANTWIRE_KEYCLOAK_MANAGEMENT_PORT", 9180),
                port("GRANTWIRE_KAFKA_PORT", 9092),
                port("GRANTWIRE_POSTGRES_PORT", 5433),
                Duration.ofSeconds(Long.parseLong(env("GRANTWIRE_STALENESS_SECONDS", "60"))),
                1,
                Map.of(),
                1,
                false);
    }

    /**
     * A service's {@code <prefix>_PORT} and {@code <prefix>_MANAGEMENT_PORT}; the defaults are the
     * services' own (their {@code application.properties}).
     */
    private static ServicePorts ports(String prefix, int api, int management) {
        return new ServicePorts(
                port(prefix + "_PORT", api), port(prefix + "_MANAGEMENT_PORT", management));
    }

    private static int port(String name, int fallback) {
        String value = env(name, String.valueOf(fallback));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println(name + " must be a port number, not '" + value + "'");
            System.exit(2);
            return fallback;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
