package dev.grantwire.bench.suite;

import dev.grantwire.testsupport.kafka.KafkaUser;
import dev.grantwire.testsupport.keycloak.Keycloak;
import dev.grantwire.testsupport.postgres.Postgres;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.StackSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The system benchmarks, end to end on this machine: starts the whole of Grantwire (PostgreSQL,
 * Kafka, the services, three example API instances) and a second Keycloak 26.7.3 in production mode
 * ({@code kc.sh start} on PostgreSQL), runs the selected benchmarks and writes {@code
 * results.json}, the plots and {@code BENCHMARKS.md}.
 *
 * <p>Arguments: {@code --quick} (short windows, fewer revocations, one round), {@code --root DIR}
 * (the project, default .), {@code --out DIR} (results, default bench/results/latest), {@code
 * --markdown FILE} (default bench/BENCHMARKS.md), {@code --only a,b} (of token, propagation,
 * throughput, replay, jwt, outage), {@code --guard DIR} (the JMH module's results, put in the
 * report first), {@code --command "..."} (the command line to print as the way to reproduce).
 */
public final class Suite {

    private Suite() {}

    public static void main(String[] args) throws Exception {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        boolean quick = list.remove("--quick");
        Path root = Path.of(option(list, "--root", ".")).toAbsolutePath().normalize();
        Path out = root.resolve(option(list, "--out", "bench/results/latest"));
        Path markdown = root.resolve(option(list, "--markdown", "bench/BENCHMARKS.md"));
        Set<String> only =
                Set.of(
                        option(list, "--only", "token,propagation,throughput,replay,jwt,outage")
                                .split(","));
        String command = option(list, "--command", "bench/run.sh" + (quick ? " --quick" : ""));
        String guard = option(list, "--guard", null);
        if (!list.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments: " + list);
        }

        long started = System.nanoTime();
        Machine machine = new Machine();
        Report report = new Report(machine, command);
        if (guard != null) {
            report.add(GuardSection.read(root.resolve(guard)));
        }
        Path work = root.resolve("bench/target/suite");
        System.out.println("Starting Grantwire (PostgreSQL, Kafka, Keycloak, services) ...");
        StackSettings settings =
                StackSettings.forTests(
                        root,
                        work.resolve("stack"),
                        Duration.ofSeconds(30),
                        3,
                        Map.of(Stack.Service.GRANT, GrantwireSide.CATALOG));
        try (Stack stack = Stack.start(settings)) {
            machine.version("postgresql", postgresVersion(stack.postgres()));
            GrantwireSide grantwire = GrantwireSide.register(stack.url(Stack.Service.GRANT));
            Keycloak keycloak = null;
            try {
                KeycloakSide keycloakClient = null;
                if (only.contains("token") || only.contains("jwt")) {
                    System.out.println(
                            "Starting Keycloak in production mode on PostgreSQL (kc.sh start) ...");
                    Postgres db = stack.postgres();
                    db.createDatabase("keycloak_bench");
                    keycloak =
                            Keycloak.startProduction(
                                    work.resolve("keycloak-production"),
                                    0,
                                    0,
                                    db.jdbcUrl("keycloak_bench"),
                                    db.user(),
                                    db.password());
                    keycloakClient = KeycloakSide.register(keycloak);
                }
                if (only.contains("token")) {
                    System.out.println("Token endpoint and introspection, Grantwire vs Keycloak:");
                    TokenEndpointBench.Settings token =
                            quick
                                    ? new TokenEndpointBench.Settings(
                                            List.of(4),
                                            1,
                                            Duration.ofSeconds(3),
                                            Duration.ofSeconds(5))
                                    : new TokenEndpointBench.Settings(
                                            List.of(1, 8),
                                            3,
                                            Duration.ofSeconds(5),
                                            Duration.ofSeconds(15));
                    ProcessCpu grantCpu =
                            new ProcessCpu(
                                    List.of(
                                            stack.service(Stack.Service.GRANT).pid(),
                                            stack.postgres().pid()));
                    ProcessCpu keycloakCpu =
                            new ProcessCpu(List.of(keycloak.pid(), stack.postgres().pid()));
                    report.add(
                            new TokenEndpointBench(token)
                                    .run(
                                            TokenEndpointBench.grantwire(grantwire, grantCpu),
                                            TokenEndpointBench.keycloak(
                                                    keycloakClient, keycloakCpu),
                                            out));
                }
                if (only.contains("jwt")) {
                    System.out.println("Keycloak's revoked JWT at a local validator ...");
                    report.add(
                            JwtWindowBench.run(keycloakClient, Duration.ofSeconds(quick ? 3 : 10)));
                }
            } finally {
                if (keycloak != null) {
                    keycloak.close();
                }
            }
            // The three instances started with the stack (the replay benchmark starts others).
            List<ServiceProcess> instances = stack.resourceApis();
            if (only.contains("propagation")) {
                int revocations = quick ? 200 : 1000;
                double rate = 20;
                System.out.println("The Kafka floor ...");
                KafkaFloor.Result floor = KafkaFloor.measure(stack.kafka(), revocations, rate);
                System.out.println("Propagation (" + revocations + " steady, then a burst) ...");
                report.add(
                        new PropagationBench(
                                        new PropagationBench.Settings(revocations, rate, 4),
                                        grantwire,
                                        stack.service(Stack.Service.REVOCATION),
                                        instances)
                                .run(floor, out));
            }
            if (only.contains("throughput")) {
                System.out.println("revocation-service throughput ...");
                report.add(
                        RevocationThroughputBench.run(
                                quick
                                        ? new RevocationThroughputBench.Settings(
                                                List.of(8),
                                                Duration.ofSeconds(2),
                                                Duration.ofSeconds(5))
                                        : new RevocationThroughputBench.Settings(
                                                List.of(1, 4, 16),
                                                Duration.ofSeconds(3),
                                                Duration.ofSeconds(10)),
                                grantwire,
                                stack.url(Stack.Service.REVOCATION),
                                stack.kafka().access(KafkaUser.BENCH_READER),
                                new ProcessCpu(
                                        List.of(
                                                stack.service(Stack.Service.REVOCATION).pid(),
                                                stack.service(Stack.Service.GRANT).pid(),
                                                stack.postgres().pid(),
                                                stack.kafka().pid())),
                                throughputComponents(stack)));
            }
            if (only.contains("replay")) {
                int revocations = quick ? 100_000 : 1_000_000;
                System.out.printf("A guard replaying %,d revocations at start ...%n", revocations);
                report.add(
                        ReplayBench.run(
                                new ReplayBench.Settings(revocations, quick ? 1 : 3), stack));
            }
            if (only.contains("outage")) {
                // Last: it kills the broker, which every guard notices.
                System.out.println("A broker outage and the backlog drain ...");
                report.add(
                        OutageDrainBench.run(
                                new OutageDrainBench.Settings(
                                        Duration.ofSeconds(quick ? 10 : 30), 20),
                                stack.kafka(),
                                grantwire,
                                stack.url(Stack.Service.REVOCATION),
                                instances));
            }
        }
        report.write(out, markdown);
        System.out.printf(
                "Results: %s, %s (%.1f min)%n",
                out.resolve("results.json"), markdown, (System.nanoTime() - started) / 60e9);
    }

    /** The processes on a revocation's path, each on its own, for the throughput benchmark. */
    private static Map<String, ProcessCpu> throughputComponents(Stack stack) {
        Map<String, ProcessCpu> components = new java.util.LinkedHashMap<>();
        components.put(
                "revocation-service",
                new ProcessCpu(List.of(stack.service(Stack.Service.REVOCATION).pid())));
        components.put(
                "grant-service", new ProcessCpu(List.of(stack.service(Stack.Service.GRANT).pid())));
        components.put("PostgreSQL", new ProcessCpu(List.of(stack.postgres().pid())));
        components.put("Kafka broker", new ProcessCpu(List.of(stack.kafka().pid())));
        components.put(
                "3 guards (example APIs)",
                new ProcessCpu(stack.resourceApis().stream().map(ServiceProcess::pid).toList()));
        return components;
    }

    private static String option(List<String> args, String name, String otherwise) {
        int i = args.indexOf(name);
        if (i < 0) {
            return otherwise;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
    }

    private static String postgresVersion(Postgres postgres) throws SQLException {
        try (Connection c =
                        DriverManager.getConnection(
                                postgres.jdbcUrl("grant_service"),
                                postgres.user(),
                                postgres.password());
                ResultSet version = c.createStatement().executeQuery("SHOW server_version")) {
            version.next();
            return version.getString(1);
        }
    }
}
