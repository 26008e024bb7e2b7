package dev.grantwire.grant.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.grant.config.RevocationServiceConfig;
import dev.grantwire.grant.persistence.CommandOutboxRepository.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls revocation-service's internal API with grant-service's {@link ServiceToken}: {@code POST
 * /internal/v1/revocations/commands} (idempotent by command id) and {@code GET
 * /internal/v1/revocations} (the ledger, in sequence order). Thread-safe.
 */
@ApplicationScoped
public class RevocationServiceClient {

    /** What became of one command. */
    public enum Outcome {
        /** Recorded now or before (201 or 200). */
        RECORDED,
        /** Not recorded for a reason that may pass (down, timeout, 5xx, 401/403, 429). */
        RETRY,
        /** Refused for good (400 bad command, 409 id reused): sending it again cannot help. */
        REJECTED
    }

    /** The answer to one command; {@code sequence} only when recorded. */
    public record Answer(Outcome outcome, Long sequence, String detail) {}

    /** One ledger page; {@code next} is the {@code since} of the following page. */
    public record LedgerPage(List<RevocationEvent> revocations, long next) {}

    /** The ledger could not be read (revocation-service down, or an unexpected answer). */
    public static class LedgerUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        LedgerUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int MAX_DETAIL = 500;

    private final RevocationServiceConfig config;
    private final ServiceToken token;
    private final ObjectMapper json;
    private final HttpClient http;

    RevocationServiceClient(RevocationServiceConfig config, ServiceToken token, ObjectMapper json) {
        this.config = config;
        this.token = token;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    /** Sends one command; never throws for a failed call (the outcome says what to do). */
    public Answer submit(Command command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", command.id().toString());
        body.put("kind", command.kind());
        body.put("subject", command.subject());
        if (command.scope() != null) {
            body.put("scope", command.scope());
        }
        body.put("reason", command.reason());
        body.put("actor", command.actor());
        HttpResponse<String> response;
        try {
            HttpRequest request =
                    request("/internal/v1/revocations/commands")
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            json.writeValueAsString(body)))
                            .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | RuntimeException e) {
            return new Answer(Outcome.RETRY, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Outcome.RETRY, null, "interrupted");
        }
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            return new Answer(Outcome.RECORDED, sequence(response.body()), null);
        }
        String detail = status + " " + abbreviate(response.body());
        if (status == 400 || status == 409) {
            return new Answer(Outcome.REJECTED, null, detail);
        }
        if (status == 401) {
            token.forget();
        }
        return new Answer(Outcome.RETRY, null, detail);
    }

    /** The ledger entries with a sequence above {@code since}, at most {@code limit}. */
    public LedgerPage ledger(long since, int limit) throws LedgerUnavailable {
        HttpResponse<String> response;
        try {
            HttpRequest request =
                    request("/internal/v1/revocations?since=" + since + "&limit=" + limit)
                            .GET()
                            .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | RuntimeException e) {
            throw new LedgerUnavailable("ledger not reachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailable("interrupted", e);
        }
        if (response.statusCode() == 401) {
            token.forget();
        }
        if (response.statusCode() != 200) {
            throw new LedgerUnavailable(
                    "ledger answered " + response.statusCode() + " " + abbreviate(response.body()),
                    null);
        }
        try {
            JsonNode root = json.readTree(response.body());
            List<RevocationEvent> revocations = new ArrayList<>();
            for (JsonNode row : root.path("revocations")) {
                revocations.add(event(row));
            }
            return new LedgerPage(revocations, root.path("next").asLong(since));
        } catch (IOException | RuntimeException e) {
            throw new LedgerUnavailable("unreadable ledger page: " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(config.url() + path))
                .timeout(config.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token.get());
    }

    private static RevocationEvent event(JsonNode row) {
        String scope = text(row, "scope");
        return new RevocationEvent(
                RevocationKind.fromJsonName(text(row, "kind")),
                text(row, "subject"),
                scope == null ? null : RevocationScope.fromJsonName(scope),
                text(row, "clientId"),
                text(row, "userId"),
                row.path("revokedAt").asLong(),
                row.hasNonNull("cutoff") ? row.get("cutoff").asLong() : null,
                row.path("expiresAt").asLong(),
                text(row, "reason"),
                text(row, "actor"),
                row.path("sequence").asLong());
    }

    private static String text(JsonNode row, String field) {
        JsonNode node = row.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private Long sequence(String body) {
        try {
            JsonNode sequence = json.readTree(body).get("sequence");
            return sequence == null || !sequence.canConvertToLong() ? null : sequence.asLong();
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }
}
