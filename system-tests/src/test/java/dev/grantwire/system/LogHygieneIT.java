package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.system.Grantwire.Answer;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.stack.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 9700 section 4.3 (token leakage): no secret that crosses the services ends up in their logs.
 * A client secret, a code, an access token, a refresh token and its successor travel every path
 * (registration, code exchange, refresh, introspection, RFC 7009 revocation, a replayed code, a
 * wrong secret); then every service's log is searched for each of them.
 */
@ExtendWith(StackExtension.class)
class LogHygieneIT {

    static final String SCOPES = "work_items.read offline_access";

    @Test
    void secretsWhenTheyCrossEveryPathThenNoneIsInAnyServiceLog(Stack stack) throws IOException {
        Grantwire grantwire = new Grantwire(stack);
        App app = grantwire.registerApp(SCOPES);
        String code = grantwire.consent(grantwire.newUser(), app, SCOPES, null);
        Answer exchanged = grantwire.exchange(app, code);
        Grantwire.expect(exchanged, 200, "code exchange");
        Tokens tokens = Grantwire.tokens(exchanged);
        // A replayed code (of another user's grant, which it kills).
        String replayed = grantwire.consent(grantwire.newUser(), app, SCOPES, null);
        Grantwire.expect(grantwire.exchange(app, replayed), 200, "code exchange");
        assertThat(grantwire.exchange(app, replayed).status()).isEqualTo(400);
        Answer refreshed = grantwire.refresh(app, tokens.refresh());
        Grantwire.expect(refreshed, 200, "refresh");
        Tokens next = Grantwire.tokens(refreshed);
        assertThat(grantwire.introspect(app, next.access()).path("active").asBoolean()).isTrue();
        assertThat(
                        grantwire
                                .refresh(new App(app.clientId(), "wrong-secret"), next.refresh())
                                .status())
                .isEqualTo(401);
        assertThat(grantwire.revokeAsApp(app, next.refresh()).status()).isEqualTo(200);

        Map<String, String> secrets =
                Map.of(
                        "client secret", app.secret(),
                        "code", code,
                        "replayed code", replayed,
                        "access token", tokens.access(),
                        "refresh token", tokens.refresh(),
                        "rotated access token", next.access(),
                        "rotated refresh token", next.refresh());
        List<String> found = new ArrayList<>();
        Path dir = StackExtension.work().resolve("logs");
        assertThat(dir).isDirectory();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                secrets.forEach(
                        (what, value) -> {
                            if (text.contains(value)) {
                                found.add(what + " in " + log.getFileName());
                            }
                        });
            }
        }
        assertThat(found).as("secrets written to the services' logs").isEmpty();
    }
}
