package dev.grantwire.demo.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PendingAuthorizationsTest {

    private static final URI AUTHORIZE = URI.create("http://127.0.0.1:8080/oauth2/authorize");
    private static final URI CALLBACK = URI.create("http://127.0.0.1:8084/callback");
    private static final String SCOPE = "work_items.read work_items.write offline_access";

    private final MutableClock clock = new MutableClock();
    private final PendingAuthorizations pending =
            new PendingAuthorizations(clock, Duration.ofMinutes(10), 3);

    @Test
    void startWhenCalledThenAuthorizeUriCarriesStateAndS256Challenge() {
        Map<String, String> query = query(pending.start("s1", AUTHORIZE, "app", CALLBACK, SCOPE));

        assertThat(query)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", "app")
                .containsEntry("redirect_uri", CALLBACK.toString())
                .containsEntry("scope", SCOPE)
                .containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "code_challenge");
        assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void startWhenScopesHaveSpacesThenEncodedAsPercentTwenty() {
        URI uri = pending.start("s1", AUTHORIZE, "app", CALLBACK, SCOPE);

        assertThat(uri.getRawQuery())
                .contains("scope=work_items.read%20work_items.write%20offline_access")
                .doesNotContain("+");
    }

    @Test
    void finishWhenStateMatchesThenVerifierMatchesTheChallengeSent() {
        Map<String, String> query = query(pending.start("s1", AUTHORIZE, "app", CALLBACK, SCOPE));

        Optional<CodeVerifier> verifier = pending.finish("s1", query.get("state"));

        assertThat(verifier).isPresent();
        assertThat(CodeChallenge.compute(CodeChallengeMethod.S256, verifier.get()).getValue())
                .isEqualTo(query.get("code_challenge"));
    }

    @Test
    void finishWhenStateDiffersThenEmptyAndRequestUsedUp() {
        String state = query(pending.start("s1", AUTHORIZE, "app", CALLBACK, SCOPE)).get("state");

        assertThat(pending.finish("s1", state + "x")).isEmpty();
        assertThat(pending.finish("s1", state)).isEmpty();
    }

    @Test
    void finishWhenReplayedThenEmpty() {
        String state = query(pending.start("s1", AUTHORIZE, "app", CALLBACK, SCOPE)).get("state");

        assertThat(pending.finish("s1", state)).isPresent();
        assertThat(pending.finish("s1", state)).isEmpty();
    }

    @Test
    void finishWhenAnotherSessionPresentsTheStateThenEmpty() {
        String state = query(pending.start("s1", AUTHORIZE, "app", CALLBACK, SCOPE)).get("state");

        assertThat(pending.finish("s2", state)).isEmpty();
        assertThat(pending.finish(null, state)).isEmpty();
    }

    @Test
    void finishWhenExpiredThenEmpty() {
        String state = query(pending.start("s1", AUTHORIZE, "app", CALLBACK, SCOPE)).get("state");
        clock.advance(Duration.ofMinutes(11));

        assertThat(pending.finish("s1", state)).isEmpty();
    }

    @Test
    void startWhenCalledAgainThenOnlyTheLatestStateCounts() {
        String first = query(pending.start("s1", AUTHORIZE, "app", CALLBACK, SCOPE)).get("state");
        String second = query(pending.start("s1", AUTHORIZE, "app", CALLBACK, SCOPE)).get("state");

        assertThat(second).isNotEqualTo(first);
        assertThat(pending.finish("s1", first)).isEmpty();
    }

    private static Map<String, String> query(URI uri) {
        assertThat(uri.toString()).startsWith(AUTHORIZE + "?");
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(
                        Collectors.toMap(
                                pair -> pair[0],
                                pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }

    // Outside review 10: abandoned requests do not pile up.
    @Test
    void startWhenAbandonedOrOverTheCapThenForgotten() {
        pending.start("abandoned", AUTHORIZE, "app", CALLBACK, SCOPE);
        clock.advance(Duration.ofMinutes(11));
        assertThat(pending.size()).isZero();

        Map<String, String> states = new java.util.HashMap<>();
        for (int i = 1; i <= 10; i++) {
            states.put(
                    "s" + i,
                    query(pending.start("s" + i, AUTHORIZE, "app", CALLBACK, SCOPE)).get("state"));
        }
        assertThat(pending.size()).isBetween(1L, 3L);
        long stillAnswerable =
                states.entrySet().stream()
                        .filter(e -> pending.finish(e.getKey(), e.getValue()).isPresent())
                        .count();
        assertThat(stillAnswerable).isBetween(1L, 3L);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
