package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.system.Grantwire.Answer;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.stack.Stack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 7009 through the real path: the app authenticates at revocation-service, which asks
 * grant-service to resolve the token, records the revocation and publishes it; every example API
 * instance refuses.
 */
@ExtendWith(StackExtension.class)
class AppRevokeIT {

    static final String SCOPES = "work_items.read offline_access";
    static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void anAppRevokingItsTokensIsHeardEverywhere(Stack stack) {
        Grantwire grantwire = new Grantwire(stack);
        List<String> instances = Instances.of(stack);
        App app = grantwire.registerApp(SCOPES);
        App other = grantwire.registerApp(SCOPES);

        // An access token: only that token dies.
        Tokens first = grantwire.authorize(grantwire.newUser(), app, SCOPES, null);
        Tokens sibling = grantwire.authorize(grantwire.newUser(), app, SCOPES, null);
        Instances.awaitStatus(grantwire, instances, first.access(), 200, DEADLINE);
        // Another app may not revoke it, and nothing happens.
        Answer refused = grantwire.revokeAsApp(other, first.access());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid_client");
        assertThat(grantwire.revokeAsApp(app, first.access()).status()).isEqualTo(200);
        Instances.awaitStatus(grantwire, instances, first.access(), 401, DEADLINE);
        Instances.awaitStatus(grantwire, instances, sibling.access(), 200, DEADLINE);
        assertThat(grantwire.refresh(app, first.refresh()).status()).isEqualTo(200);

        // A refresh token: its whole grant dies, access tokens included.
        assertThat(grantwire.revokeAsApp(app, sibling.refresh()).status()).isEqualTo(200);
        Instances.awaitStatus(grantwire, instances, sibling.access(), 401, DEADLINE);
        assertThat(grantwire.introspect(app, sibling.access()).path("active").asBoolean())
                .isFalse();

        // Unknown or already revoked: 200, as RFC 7009 says.
        assertThat(grantwire.revokeAsApp(app, "not-a-token").status()).isEqualTo(200);
        assertThat(grantwire.revokeAsApp(app, first.access()).status()).isEqualTo(200);
    }
}
