package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.system.Grantwire.Answer;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Revoked;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.stack.Stack;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outside review 9: an admin revokes grant-service's own client. revocation-service then refuses
 * grant-service's service tokens issued before the cutoff, so grant-service's command delivery
 * (here the kill of a grant whose code was replayed) waits, and resumes by itself with a token
 * minted after the cutoff: within B + S of the revoke plus one retry backoff.
 */
@ExtendWith(StackExtension.class)
class ServiceTokenRevocationIT {

    static final String SCOPES = "work_items.read offline_access";
    static final Duration B = StackExtension.STALENESS;
    static final Duration S = RevocationBounds.DEFAULT_CLOCK_SKEW;

    @Test
    void grantServicesClientRevokedThenItsCommandsWaitForTheCutoffAndResume(Stack stack) {
        Grantwire grantwire = new Grantwire(stack);
        App app = grantwire.registerApp(SCOPES);
        UUID user = grantwire.newUser();
        Tokens before = grantwire.authorize(user, app, SCOPES, null);
        UUID admin = grantwire.newAdmin();

        Revoked revoked = grantwire.revokeAsAdmin(admin, "client", "grant-service", "tokens");
        assertThat(revoked.cutoff()).isNotNull();

        // A code replayed now: grant-service kills the grant and queues the command.
        String code = grantwire.consent(user, app, SCOPES, null);
        Answer first = grantwire.exchange(app, code);
        Grantwire.expect(first, 200, "code exchange");
        Answer replay = grantwire.exchange(app, code);
        assertThat(replay.status()).isEqualTo(400);
        UUID grant = Grantwire.tokens(first).grantId();

        Duration window = B.plus(S);
        // One backoff: the relay's doubling backoff, started when its first attempt failed (no
        // earlier than the revoke), is at most the time since then plus its first step (1 s).
        Duration oneBackoff = window.plusSeconds(1);
        JsonNode delivered =
                await().atMost(window.plus(oneBackoff).plusSeconds(10))
                        .pollInterval(Duration.ofMillis(200))
                        .until(
                                () -> ledgerEntry(grantwire, revoked.sequence(), grant),
                                Optional::isPresent)
                        .orElseThrow();

        long recordedAt = delivered.path("revokedAt").asLong();
        assertThat(recordedAt)
                .as("delivered no earlier than the cutoff: tokens before it are refused")
                .isGreaterThanOrEqualTo(revoked.cutoff() - 1000);
        assertThat(recordedAt - revoked.revokedAt())
                .as("delivered within B + S plus one backoff of the revoke")
                .isLessThanOrEqualTo(window.plus(oneBackoff).toMillis());
        System.out.printf(
                "grant-service's command recorded %d ms after its client was revoked (cutoff %d"
                        + " ms after)%n",
                recordedAt - revoked.revokedAt(), revoked.cutoff() - revoked.revokedAt());
        assertThat(before.access()).isNotBlank();
    }

    private static Optional<JsonNode> ledgerEntry(Grantwire grantwire, long since, UUID grant) {
        Answer page = grantwire.ledger("?since=" + since);
        for (JsonNode entry : page.json().path("revocations")) {
            if ("grant".equals(entry.path("kind").asText())
                    && grant.toString().equals(entry.path("subject").asText())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }
}
