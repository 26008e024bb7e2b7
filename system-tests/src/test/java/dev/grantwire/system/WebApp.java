package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A third-party web app as the browser tests play it: registered at grant-service with an https
 * redirect URI served by a {@link CallbackServer}, it sends users to consent-service and redeems
 * the codes that come back.
 */
final class WebApp {

    final Grantwire.App registration;
    private final Grantwire grantwire;
    private final CallbackServer callback;

    private WebApp(Grantwire grantwire, CallbackServer callback, Grantwire.App registration) {
        this.grantwire = grantwire;
        this.callback = callback;
        this.registration = registration;
    }

    /** Registers a confidential app (client_secret_basic, refresh tokens) or a public one. */
    static WebApp register(
            Grantwire grantwire, CallbackServer callback, String scopes, boolean publicClient) {
        return new WebApp(
                grantwire,
                callback,
                grantwire.registerApp(scopes, callback.redirectUri(), publicClient));
    }

    String clientId() {
        return registration.clientId();
    }

    /** A new authorization request (fresh state and PKCE verifier) for these scopes. */
    Grantwire.AuthorizeRequest request(String scopes) {
        return grantwire.authorizeRequest(registration, callback.redirectUri(), scopes);
    }

    /** The user is sent to ask for {@code scopes}, reads the approval page, accepts. */
    Grantwire.Tokens connect(BrowserUser user, String scopes) {
        Grantwire.AuthorizeRequest request = request(scopes);
        user.go(request.url());
        user.awaitApproval();
        user.accept();
        return redeem(request, scopes);
    }

    /**
     * Takes the redirect that reached the app, checks its state and issuer (RFC 9207), redeems its
     * code with the request's verifier and checks the scope granted.
     */
    Grantwire.Tokens redeem(Grantwire.AuthorizeRequest request, String scopes) {
        Map<String, String> redirect = callback.next(BrowserUser.WAIT);
        assertThat(redirect).containsEntry("state", request.state()).containsKey("code");
        Grantwire.Answer answer =
                grantwire.exchange(
                        registration,
                        redirect.get("code"),
                        request.redirectUri(),
                        request.verifier());
        Grantwire.expect(answer, 200, "code exchange");
        JsonNode claims = Grantwire.claims(answer.json().path("access_token").asText());
        assertThat(redirect.get("iss")).isEqualTo(claims.path("iss").asText());
        assertThat(answer.json().path("scope").asText().split(" "))
                .containsExactlyInAnyOrder(scopes.split(" "));
        return Grantwire.tokens(answer);
    }
}
