package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.system.Grantwire.Answer;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Revoked;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.stack.Stack;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * App-wide ({@code tokens} and {@code grants}) and user-wide revocations: tokens issued before the
 * cutoff ({@code revokedAt + B + S}) are refused everywhere, grant-service mints nothing for that
 * app or user until the cutoff has passed (503 with {@code Retry-After}), and tokens issued after
 * it are accepted. The three revocations share one wait for their cutoffs.
 */
@ExtendWith(StackExtension.class)
class CutoffIT {

    static final String SCOPES = "work_items.read offline_access";
    static final Duration DEADLINE = Duration.ofSeconds(10);

    /** Tokens an app held before a revocation. */
    private record Held(App app, Tokens tokens) {}

    @Test
    void appAndUserWideRevocationsCutOffOlderTokensOnly(Stack stack) {
        Grantwire grantwire = new Grantwire(stack);
        List<String> instances = Instances.of(stack);
        UUID admin = grantwire.newAdmin();

        App tokensApp = grantwire.registerApp(SCOPES);
        UUID tokensUser = grantwire.newUser();
        Tokens beforeTokens = grantwire.authorize(tokensUser, tokensApp, SCOPES, null);

        App grantsApp = grantwire.registerApp(SCOPES);
        UUID grantsUser = grantwire.newUser();
        Tokens beforeGrants = grantwire.authorize(grantsUser, grantsApp, SCOPES, null);

        App otherApp = grantwire.registerApp(SCOPES);
        UUID leaver = grantwire.newUser();
        Tokens beforeLeaving = grantwire.authorize(leaver, otherApp, SCOPES, null);
        // Another user of the same app as the leaver is untouched.
        Tokens bystander = grantwire.authorize(grantwire.newUser(), otherApp, SCOPES, null);

        for (Tokens tokens : List.of(beforeTokens, beforeGrants, beforeLeaving, bystander)) {
            Instances.awaitStatus(grantwire, instances, tokens.access(), 200, DEADLINE);
        }

        Revoked appTokens =
                grantwire.revokeAsAdmin(admin, "client", tokensApp.clientId(), "tokens");
        Revoked appGrants =
                grantwire.revokeAsAdmin(admin, "client", grantsApp.clientId(), "grants");
        Revoked user = grantwire.revokeAsAdmin(admin, "user", leaver.toString(), "grants");
        for (Revoked revoked : List.of(appTokens, appGrants, user)) {
            // cutoff = revokedAt + B + S, rounded up to a whole second.
            assertThat(revoked.cutoff())
                    .isGreaterThanOrEqualTo(
                            revoked.revokedAt() + StackExtension.STALENESS.toMillis())
                    .matches(cutoff -> cutoff % 1000 == 0, "whole seconds");
        }

        for (Tokens tokens : List.of(beforeTokens, beforeGrants, beforeLeaving)) {
            Instances.awaitStatus(grantwire, instances, tokens.access(), 401, DEADLINE);
        }
        Instances.awaitStatus(grantwire, instances, bystander.access(), 200, DEADLINE);

        // Before the cutoff grant-service mints nothing that would be refused: it says when to
        // come back. The sequence makes it wait until it has applied the revocation.
        String code = grantwire.consent(tokensUser, tokensApp, SCOPES, appTokens.sequence());
        Answer tooEarly = grantwire.exchange(tokensApp, code);
        assertThat(tooEarly.status()).isEqualTo(503);
        assertThat(Long.parseLong(tooEarly.header("Retry-After"))).isPositive();

        long lastCutoff = Math.max(appTokens.cutoff(), Math.max(appGrants.cutoff(), user.cutoff()));
        await().atMost(StackExtension.STALENESS.multipliedBy(3))
                .until(() -> System.currentTimeMillis() > lastCutoff + 1000);

        // The old refresh tokens died with the cutoff (tokens) or the grant (grants, user).
        for (Held held :
                List.of(
                        new Held(tokensApp, beforeTokens),
                        new Held(grantsApp, beforeGrants),
                        new Held(otherApp, beforeLeaving))) {
            Answer refreshed = grantwire.refresh(held.app(), held.tokens().refresh());
            assertThat(refreshed.status()).as(held.app().clientId()).isEqualTo(400);
            assertThat(refreshed.json().path("error").asText()).isEqualTo("invalid_grant");
        }

        Tokens afterTokens = grantwire.authorize(tokensUser, tokensApp, SCOPES, null);
        Tokens afterGrants = grantwire.authorize(grantsUser, grantsApp, SCOPES, null);
        Tokens afterLeaving = grantwire.authorize(leaver, otherApp, SCOPES, null);
        // tokens keeps the user's grant; grants and user kill it, so authorizing makes a new one.
        assertThat(afterTokens.grantId()).isEqualTo(beforeTokens.grantId());
        assertThat(afterGrants.grantId()).isNotEqualTo(beforeGrants.grantId());
        assertThat(afterLeaving.grantId()).isNotEqualTo(beforeLeaving.grantId());
        for (Tokens tokens : List.of(afterTokens, afterGrants, afterLeaving)) {
            assertThat(tokens.issuedAtMillis()).isGreaterThanOrEqualTo(lastCutoff);
            for (String instance : instances) {
                assertThat(grantwire.workItemsStatus(instance, tokens.access())).isEqualTo(200);
            }
        }
        for (Tokens tokens : List.of(beforeTokens, beforeGrants, beforeLeaving)) {
            for (String instance : instances) {
                assertThat(grantwire.workItemsStatus(instance, tokens.access())).isEqualTo(401);
            }
        }
    }
}
