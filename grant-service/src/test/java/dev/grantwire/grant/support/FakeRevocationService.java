package dev.grantwire.grant.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.grantwire.events.RevocationEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * revocation-service's command and ledger APIs as grant-service's tests need them, served by the
 * JDK's HTTP server on 127.0.0.1: it records every call (with its {@code Authorization} header, for
 * the tests to verify the service token), answers commands 201 the first time and 200 for a command
 * id it has recorded (or what a test scripted for a subject), and serves a ledger the tests fill.
 *
 * <p>Its state lives in JDK collections kept in the system properties: Quarkus may load the test
 * resource that starts the server and the test classes that read it in different class loaders,
 * which share only the JDK's classes.
 */
public final class FakeRevocationService {

    private static final String STATE = "grantwire.test.fake-revocation-service";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeRevocationService() {}

    /** Starts the server on a free port; returns it. */
    static HttpServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/revocations/commands", FakeRevocationService::command);
        server.createContext("/internal/v1/revocations", FakeRevocationService::ledger);
        server.setExecutor(
                java.util.concurrent.Executors.newFixedThreadPool(
                        4,
                        task -> {
                            Thread thread = new Thread(task, "fake-revocation-service");
                            thread.setDaemon(true);
                            return thread;
                        }));
        server.start();
        return server;
    }

    // --- What the tests read and script -------------------------------------------------------

    /** The next answers to commands about {@code subject}, in order (then the normal ones). */
    public static void answerNext(String subject, Integer... statuses) {
        answers()
                .computeIfAbsent(subject, s -> new ConcurrentLinkedDeque<>())
                .addAll(List.of(statuses));
    }

    /**
     * Every command request received for a subject, oldest first: {@code commandId, kind, subject,
     * scope, reason, actor, authorization, status} (the status the fake answered).
     */
    public static List<Map<String, String>> commandsFor(String subject) {
        List<Map<String, String>> found = new ArrayList<>();
        for (Map<String, String> command : commands()) {
            if (subject.equals(command.get("subject"))) {
                found.add(command);
            }
        }
        return found;
    }

    /** Every command request received with this command id. */
    public static List<Map<String, String>> commandsWithId(UUID commandId) {
        List<Map<String, String>> found = new ArrayList<>();
        for (Map<String, String> command : commands()) {
            if (commandId.toString().equals(command.get("commandId"))) {
                found.add(command);
            }
        }
        return found;
    }

    /** Adds a revocation to the ledger, at its own sequence, as LedgerResource shows it. */
    public static void addToLedger(RevocationEvent event) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sequence", event.sequence());
        row.put("eventId", UUID.randomUUID().toString());
        row.put("kind", event.kind().jsonName());
        row.put("subject", event.subject());
        row.put("scope", event.scope() == null ? null : event.scope().jsonName());
        row.put("clientId", event.clientId());
        row.put("userId", event.userId());
        row.put("revokedAt", event.revokedAt());
        row.put("cutoff", event.cutoff());
        row.put("expiresAt", event.expiresAt());
        row.put("reason", event.reason());
        row.put("actor", event.actor());
        row.put("commandId", null);
        try {
            ledgerRows().put(event.sequence(), JSON.writeValueAsString(row));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next answers to ledger requests, in order (then the ledger itself). */
    public static void answerLedgerNext(Integer... statuses) {
        ledgerAnswers().addAll(List.of(statuses));
    }

    /** The query strings of every ledger request, oldest first, with their Authorization. */
    public static List<Map<String, String>> ledgerRequests() {
        return List.copyOf(ledgerQueries());
    }

    // --- The server -----------------------------------------------------------------------------

    private static void command(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String commandId = body.path("commandId").asText();
            String subject = body.path("subject").asText();
            Map<String, String> received = new LinkedHashMap<>();
            received.put("commandId", commandId);
            received.put("kind", body.path("kind").asText());
            received.put("subject", subject);
            received.put("scope", body.hasNonNull("scope") ? body.get("scope").asText() : null);
            received.put("reason", body.path("reason").asText());
            received.put("actor", body.path("actor").asText());
            received.put("authorization", authorization);
            int status;
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                status = 401;
            } else {
                Integer scripted =
                        answers().getOrDefault(subject, new ConcurrentLinkedDeque<>()).poll();
                status =
                        scripted != null ? scripted : recorded().containsKey(commandId) ? 200 : 201;
            }
            received.put("status", String.valueOf(status));
            commands().add(received);
            if (status == 200 || status == 201) {
                long sequence =
                        recorded().computeIfAbsent(commandId, id -> counter().incrementAndGet());
                long now = System.currentTimeMillis();
                answer(
                        exchange,
                        status,
                        "application/json",
                        "{\"sequence\":"
                                + sequence
                                + ",\"revokedAt\":"
                                + now
                                + ",\"eventId\":\""
                                + UUID.randomUUID()
                                + "\",\"expiresAt\":"
                                + (now + 6_000_000)
                                + "}");
            } else if (status == 400 || status == 409) {
                answer(
                        exchange,
                        status,
                        "application/problem+json",
                        "{\"status\":" + status + ",\"title\":\"refused by the fake\"}");
            } else {
                answer(exchange, status, "text/plain", "unavailable");
            }
        }
    }

    private static void ledger(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String query = exchange.getRequestURI().getQuery();
            boolean bearer = authorization != null && authorization.startsWith("Bearer ");
            Integer scripted = bearer ? ledgerAnswers().poll() : null;
            int status = !bearer ? 401 : scripted != null ? scripted : 200;
            Map<String, String> request = new LinkedHashMap<>();
            request.put("query", query);
            request.put("authorization", authorization);
            request.put("status", String.valueOf(status));
            ledgerQueries().add(request);
            if (status != 200) {
                answer(exchange, status, "text/plain", "unavailable");
                return;
            }
            long since = 0;
            int limit = 100;
            for (String parameter : query == null ? new String[0] : query.split("&")) {
                String[] pair = parameter.split("=", 2);
                if (pair[0].equals("since")) {
                    since = Long.parseLong(pair[1]);
                } else if (pair[0].equals("limit")) {
                    limit = Integer.parseInt(pair[1]);
                }
            }
            List<String> rows = new ArrayList<>();
            long next = since;
            for (Map.Entry<Long, String> row : ledgerRows().tailMap(since, false).entrySet()) {
                if (rows.size() == limit) {
                    break;
                }
                rows.add(row.getValue());
                next = row.getKey();
            }
            answer(
                    exchange,
                    200,
                    "application/json",
                    "{\"revocations\":[" + String.join(",", rows) + "],\"next\":" + next + "}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // --- Shared state (JDK types only) ----------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state() {
        return (Map<String, Object>)
                System.getProperties().computeIfAbsent(STATE, key -> new ConcurrentHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> commands() {
        return (List<Map<String, String>>)
                state().computeIfAbsent("commands", key -> new CopyOnWriteArrayList<>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ConcurrentLinkedDeque<Integer>> answers() {
        return (Map<String, ConcurrentLinkedDeque<Integer>>)
                state().computeIfAbsent("answers", key -> new ConcurrentHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> recorded() {
        return (Map<String, Long>)
                state().computeIfAbsent("recorded", key -> new ConcurrentHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentSkipListMap<Long, String> ledgerRows() {
        return (ConcurrentSkipListMap<Long, String>)
                state().computeIfAbsent("ledger", key -> new ConcurrentSkipListMap<>());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> ledgerQueries() {
        return (List<Map<String, String>>)
                state().computeIfAbsent("ledgerQueries", key -> new CopyOnWriteArrayList<>());
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentLinkedDeque<Integer> ledgerAnswers() {
        return (ConcurrentLinkedDeque<Integer>)
                state().computeIfAbsent("ledgerAnswers", key -> new ConcurrentLinkedDeque<>());
    }

    private static AtomicLong counter() {
        return (AtomicLong) state().computeIfAbsent("sequence", key -> new AtomicLong());
    }
}
