package dev.grantwire.consent.protocol;

import dev.grantwire.internal.grants.AppView;
import dev.grantwire.protocol.Pkce;
import dev.grantwire.protocol.RedirectUris;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the authorization endpoint (<a
 * href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1">RFC 6749 section 4.1.2.1</a>), with
 * no HTTP in them. An unknown app or a redirect URI that is not registered is shown to the user and
 * never redirected to (an open redirector otherwise); every other problem goes back to the app's
 * redirect URI. Parameters may appear at most once (RFC 6749 section 3.1). {@code
 * response_type=code} only, a PKCE S256 challenge always (<a
 * href="https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1">RFC 9700 section 2.1.1</a>), {@code
 * state} required, scopes known and registered for the app.
 */
public final class AuthorizationRequestValidator {

    /** Largest {@code max_age} accepted, in seconds (a year): larger means no limit anyway. */
    static final int MAX_MAX_AGE = 365 * 24 * 3600;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    /** Longest {@code state} and {@code nonce} accepted: they are stored and echoed. */
    static final int MAX_ECHOED_LENGTH = 512;

    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]+");
    private static final Set<String> PROMPTS =
            Set.of(
                    AuthorizationParameters.NONE,
                    AuthorizationParameters.LOGIN,
                    AuthorizationParameters.CONSENT,
                    AuthorizationParameters.SELECT_ACCOUNT);

    /** The outcome: exactly one of the three is set. */
    public record Result(String pageError, Redirect redirect, AuthorizationParameters parameters) {

        static Result page(String message) {
            return new Result(message, null, null);
        }

        static Result redirect(String redirectUri, String state, AuthorizationError error) {
            return new Result(null, new Redirect(redirectUri, state, error), null);
        }

        static Result valid(AuthorizationParameters parameters) {
            return new Result(null, null, parameters);
        }
    }

    /** An error to send back to the app. {@code state} is null when the app sent none usable. */
    public record Redirect(String redirectUri, String state, AuthorizationError error) {}

    /** The {@code client_id}, when given exactly once and not empty. */
    public static Optional<String> clientId(Map<String, List<String>> params) {
        return single(params, "client_id").filter(s -> !s.isBlank());
    }

    /**
     * Validates a request for an app that exists ({@code app} as grant-service describes it, null
     * when unknown).
     */
    public Result validate(Map<String, List<String>> params, AppView app) {
        if (clientId(params).isEmpty()) {
            return Result.page("The request does not say which app is asking.");
        }
        if (app == null) {
            return Result.page("No app with this name is registered here.");
        }
        if (!app.enabled()) {
            return Result.page("This app has been switched off by your organization.");
        }
        Optional<String> redirectUri = single(params, "redirect_uri");
        if (redirectUri.isEmpty()
                || app.redirectUris().stream()
                        .noneMatch(r -> RedirectUris.matches(r, redirectUri.get()))) {
            return Result.page(
                    "The app asked to send you back to an address it has not registered.");
        }
        String to = redirectUri.get();
        if (count(params, "state") > 1) {
            return Result.redirect(to, null, AuthorizationError.invalidRequest("state repeated"));
        }
        String state = single(params, "state").orElse(null);
        if (state != null && !echoable(state)) {
            return Result.redirect(
                    to, null, AuthorizationError.invalidRequest("state is too long or malformed"));
        }
        Optional<AuthorizationError> error = firstError(params, app, state);
        if (error.isPresent()) {
            return Result.redirect(to, state, error.get());
        }
        return Result.valid(
                new AuthorizationParameters(
                        app.clientId(),
                        to,
                        scopes(params),
                        state,
                        single(params, "nonce").orElse(null),
                        single(params, "code_challenge").orElseThrow(),
                        prompts(params),
                        single(params, "max_age").map(Integer::valueOf).orElse(null)));
    }

    private Optional<AuthorizationError> firstError(
            Map<String, List<String>> params, AppView app, String state) {
        for (String name :
                List.of(
                        "response_type",
                        "scope",
                        "code_challenge",
                        "code_challenge_method",
                        "nonce",
                        "prompt",
                        "max_age")) {
            if (count(params, name) > 1) {
                return Optional.of(AuthorizationError.invalidRequest(name + " repeated"));
            }
        }
        if (params.containsKey("request") || params.containsKey("request_uri")) {
            return Optional.of(
                    new AuthorizationError(
                            params.containsKey("request")
                                    ? "request_not_supported"
                                    : "request_uri_not_supported",
                            "request objects are not supported"));
        }
        Optional<String> responseType = single(params, "response_type");
        if (responseType.isEmpty()) {
            return Optional.of(AuthorizationError.invalidRequest("response_type is required"));
        }
        if (!"code".equals(responseType.get())) {
            return Optional.of(
                    new AuthorizationError(
                            "unsupported_response_type", "only response_type=code is supported"));
        }
        if (state == null || state.isEmpty()) {
            return Optional.of(AuthorizationError.invalidRequest("state is required"));
        }
        Optional<String> challenge = single(params, "code_challenge");
        if (challenge.isEmpty()) {
            return Optional.of(
                    AuthorizationError.invalidRequest("a PKCE code_challenge is required"));
        }
        if (!Pkce.S256.equals(single(params, "code_challenge_method").orElse(null))) {
            return Optional.of(
                    AuthorizationError.invalidRequest("code_challenge_method must be S256"));
        }
        if (!Pkce.isS256Challenge(challenge.get())) {
            return Optional.of(
                    AuthorizationError.invalidRequest(
                            "code_challenge must be the base64url SHA-256 of the verifier"));
        }
        Optional<String> nonce = single(params, "nonce");
        if (nonce.isPresent() && !echoable(nonce.get())) {
            return Optional.of(AuthorizationError.invalidRequest("nonce is too long or malformed"));
        }
        Optional<String> maxAge = single(params, "max_age");
        if (maxAge.isPresent()
                && (!DIGITS.matcher(maxAge.get()).matches()
                        || Integer.parseInt(maxAge.get()) > MAX_MAX_AGE)) {
            return Optional.of(
                    AuthorizationError.invalidRequest(
                            "max_age must be a whole number of seconds up to " + MAX_MAX_AGE));
        }
        Optional<AuthorizationError> scopeError = scopeError(params, app);
        if (scopeError.isPresent()) {
            return scopeError;
        }
        return promptError(params);
    }

    private Optional<AuthorizationError> scopeError(Map<String, List<String>> params, AppView app) {
        List<String> scopes = scopes(params);
        if (scopes.isEmpty()) {
            return Optional.of(AuthorizationError.invalidScope("no scope requested"));
        }
        for (String scope : scopes) {
            if (!app.allowedScopes().contains(scope)) {
                return Optional.of(
                        AuthorizationError.invalidScope(
                                "scope " + safe(scope) + " is not registered for this app"));
            }
            if (app.permissions().stream().noneMatch(p -> p.scope().equals(scope))) {
                // Registered but not for users to grant (an app-level scope).
                return Optional.of(AuthorizationError.invalidScope("unknown scope " + safe(scope)));
            }
        }
        return Optional.empty();
    }

    private static Optional<AuthorizationError> promptError(Map<String, List<String>> params) {
        Set<String> prompt = prompts(params);
        if (!PROMPTS.containsAll(prompt)) {
            return Optional.of(AuthorizationError.invalidRequest("unsupported prompt value"));
        }
        if (prompt.contains(AuthorizationParameters.NONE) && prompt.size() > 1) {
            return Optional.of(AuthorizationError.invalidRequest("prompt=none cannot be combined"));
        }
        return Optional.empty();
    }

    private static List<String> scopes(Map<String, List<String>> params) {
        return new ArrayList<>(words(single(params, "scope").orElse("")));
    }

    private static Set<String> prompts(Map<String, List<String>> params) {
        return words(single(params, "prompt").orElse(""));
    }

    private static Set<String> words(String value) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : value.trim().split(" +")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static boolean echoable(String value) {
        return value.length() <= MAX_ECHOED_LENGTH && PRINTABLE.matcher(value).matches();
    }

    private static String safe(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return PRINTABLE.matcher(shown).matches() ? shown : "(unreadable)";
    }

    private static int count(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null ? 0 : values.size();
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.size() != 1 ? Optional.empty() : Optional.of(values.get(0));
    }
}
