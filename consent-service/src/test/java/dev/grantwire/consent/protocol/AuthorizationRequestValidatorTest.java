package dev.grantwire.consent.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.internal.grants.AppView;
import dev.grantwire.internal.grants.Permission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationRequestValidatorTest {

    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    static final AppView APP =
            new AppView(
                    "tracker",
                    "Tracker",
                    "Tracker Ltd",
                    null,
                    null,
                    null,
                    List.of("https://tracker.example/cb", "http://127.0.0.1/native"),
                    List.of("work_items.read", "code.write", "grants.internal"),
                    false,
                    "standard",
                    true,
                    List.of(
                            new Permission(
                                    "work_items.read", "Read your work items", "Work items", false),
                            new Permission(
                                    "code.write", "Push to your code repositories", "Code", true)),
                    false);

    final AuthorizationRequestValidator validator = new AuthorizationRequestValidator();

    static Map<String, List<String>> valid() {
        Map<String, List<String>> params = new HashMap<>();
        params.put("response_type", List.of("code"));
        params.put("client_id", List.of("tracker"));
        params.put("redirect_uri", List.of("https://tracker.example/cb"));
        params.put("scope", List.of("work_items.read  code.write work_items.read"));
        params.put("state", List.of("xyz"));
        params.put("code_challenge", List.of(CHALLENGE));
        params.put("code_challenge_method", List.of("S256"));
        return params;
    }

    @Test
    void validateWhenEverythingRightThenParametersWithDistinctScopes() {
        AuthorizationRequestValidator.Result result = validator.validate(valid(), APP);

        assertThat(result.pageError()).isNull();
        assertThat(result.redirect()).isNull();
        assertThat(result.parameters().scopes()).containsExactly("work_items.read", "code.write");
        assertThat(result.parameters().state()).isEqualTo("xyz");
        assertThat(result.parameters().prompt()).isEmpty();
    }

    @Test
    void validateWhenAppUnknownOrDisabledThenPageNeverRedirect() {
        assertThat(validator.validate(valid(), null).pageError()).contains("No app");
        AppView disabled =
                new AppView(
                        "tracker",
                        "T",
                        null,
                        null,
                        null,
                        null,
                        APP.redirectUris(),
                        APP.allowedScopes(),
                        false,
                        "standard",
                        false,
                        APP.permissions(),
                        false);
        assertThat(validator.validate(valid(), disabled).pageError()).contains("switched off");
        Map<String, List<String>> twice = valid();
        twice.put("client_id", List.of("tracker", "other"));
        assertThat(validator.validate(twice, APP).pageError()).isNotNull();
    }

    @Test
    void validateWhenRedirectUriRepeatedOrDifferentThenPage() {
        for (List<String> redirect :
                List.of(
                        List.of("https://tracker.example/cb", "https://tracker.example/cb"),
                        List.of("https://tracker.example/cb/"),
                        List.of("https://TRACKER.example/cb"),
                        List.of("http://tracker.example/cb"))) {
            Map<String, List<String>> params = valid();
            params.put("redirect_uri", redirect);
            assertThat(validator.validate(params, APP).pageError())
                    .as(redirect.toString())
                    .isNotNull();
        }
    }

    @Test
    void validateWhenLoopbackRedirectWithAnyPortThenAccepted() {
        Map<String, List<String>> params = valid();
        params.put("redirect_uri", List.of("http://127.0.0.1:49152/native"));
        assertThat(validator.validate(params, APP).parameters()).isNotNull();
    }

    @Test
    void validateWhenInternalScopeRequestedThenInvalidScopeEvenIfRegistered() {
        Map<String, List<String>> params = valid();
        params.put("scope", List.of("grants.internal"));
        assertThat(validator.validate(params, APP).redirect().error().error())
                .isEqualTo("invalid_scope");
    }

    @Test
    void validateWhenParameterRepeatedThenInvalidRequest() {
        Map<String, List<String>> params = valid();
        params.put("code_challenge", List.of(CHALLENGE, CHALLENGE));
        AuthorizationRequestValidator.Redirect redirect =
                validator.validate(params, APP).redirect();
        assertThat(redirect.error().error()).isEqualTo("invalid_request");
        assertThat(redirect.state()).isEqualTo("xyz");
    }

    @Test
    void validateWhenChallengeMalformedOrRequestObjectThenRefused() {
        Map<String, List<String>> params = valid();
        params.put("code_challenge", List.of("too-short"));
        assertThat(validator.validate(params, APP).redirect().error().error())
                .isEqualTo("invalid_request");
        params = valid();
        params.put("request", List.of("eyJ..."));
        assertThat(validator.validate(params, APP).redirect().error().error())
                .isEqualTo("request_not_supported");
    }

    @Test
    void validateWhenStateTooLongThenErrorWithoutEchoingIt() {
        Map<String, List<String>> params = valid();
        params.put("state", List.of("s".repeat(513)));
        AuthorizationRequestValidator.Redirect redirect =
                validator.validate(params, APP).redirect();
        assertThat(redirect.error().error()).isEqualTo("invalid_request");
        assertThat(redirect.state()).isNull();
    }

    @Test
    void validateWhenPromptLoginAndMaxAgeThenBothKept() {
        Map<String, List<String>> params = valid();
        params.put("prompt", List.of("login consent"));
        params.put("max_age", List.of("300"));
        AuthorizationParameters parameters = validator.validate(params, APP).parameters();
        assertThat(parameters.prompt()).containsExactlyInAnyOrder("login", "consent");
        assertThat(parameters.maxAge()).isEqualTo(300);
    }

    @Test
    void validateWhenMaxAgeMalformedOrRepeatedThenInvalidRequestToTheApp() {
        for (List<String> maxAge :
                List.of(List.of("-5"), List.of("1.5"), List.of("9999999999"), List.of("1", "2"))) {
            Map<String, List<String>> params = valid();
            params.put("max_age", maxAge);
            AuthorizationRequestValidator.Redirect redirect =
                    validator.validate(params, APP).redirect();
            assertThat(redirect).as(maxAge.toString()).isNotNull();
            assertThat(redirect.error().error()).isEqualTo("invalid_request");
            assertThat(redirect.error().description()).contains("max_age");
        }
    }
}
