package dev.grantwire.consent.service;

import dev.grantwire.consent.client.GrantRefusedException;
import dev.grantwire.consent.client.GrantServiceClient;
import dev.grantwire.consent.config.ConsentConfig;
import dev.grantwire.consent.domain.AuthorizationRequest;
import dev.grantwire.consent.domain.PermissionGroups;
import dev.grantwire.consent.domain.SignedInUser;
import dev.grantwire.consent.persistence.AuthorizationRequestRepository;
import dev.grantwire.consent.persistence.UserRevocationRepository;
import dev.grantwire.consent.protocol.AuthorizationError;
import dev.grantwire.consent.protocol.AuthorizationParameters;
import dev.grantwire.consent.protocol.AuthorizationRequestValidator;
import dev.grantwire.consent.protocol.AuthorizationResponse;
import dev.grantwire.internal.grants.AppView;
import dev.grantwire.internal.grants.Consent;
import dev.grantwire.internal.grants.GrantView;
import dev.grantwire.internal.grants.IssuedCode;
import dev.grantwire.internal.grants.PolicySwitches;
import dev.grantwire.protocol.Pkce;
import dev.grantwire.protocol.RedirectUris;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The authorization endpoint's use cases: check and store a request, show it, and carry out the
 * user's decision through grant-service. The user comes in as a {@link Supplier} so that nobody is
 * recorded at grant-service for a request refused before the user matters.
 */
@ApplicationScoped
public class AuthorizeService {

    /** The decision form's values. */
    public static final String ACCEPT = "accept";

    public static final String CANCEL = "cancel";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final GrantServiceClient grantService;
    private final AuthorizationRequestRepository requests;
    private final AuthorizationRequestValidator validator = new AuthorizationRequestValidator();
    private final ConsentConfig config;
    private final UserRevocationRepository revocations;

    AuthorizeService(
            GrantServiceClient grantService,
            AuthorizationRequestRepository requests,
            ConsentConfig config,
            UserRevocationRepository revocations) {
        this.grantService = grantService;
        this.requests = requests;
        this.revocations = revocations;
        this.config = config;
    }

    /**
     * {@code GET /oauth2/authorize}: validates, stores and shows the request (or answers at once).
     * The request is validated before anyone signs in: an unknown app or redirect URI gets the
     * error page, never a trip to the identity provider first.
     *
     * @param authTime when the signed-in user last authenticated at the provider; empty when nobody
     *     is signed in
     */
    public Outcome authorize(
            Map<String, List<String>> params,
            Supplier<SignedInUser> user,
            Optional<Instant> authTime) {
        Optional<String> clientId = AuthorizationRequestValidator.clientId(params);
        AppView app = clientId.flatMap(grantService::app).orElse(null);
        AuthorizationRequestValidator.Result result = validator.validate(params, app);
        if (result.pageError() != null) {
            return Outcome.error(400, result.pageError());
        }
        if (result.redirect() != null) {
            AuthorizationRequestValidator.Redirect r = result.redirect();
            URI back =
                    AuthorizationResponse.error(
                            r.redirectUri(), r.error(), r.state(), config.issuer());
            // RFC 9700 section 4.11.2: nobody vetted a self-registered app's redirect URIs, so
            // its errors need the user's click rather than an automatic redirect.
            return app.dynamicallyRegistered()
                    ? Outcome.errorWithReturn(
                            400,
                            "The app sent a request that cannot be completed: "
                                    + r.error().description()
                                    + ".",
                            back)
                    : Outcome.redirect(back);
        }
        AuthorizationParameters parameters = result.parameters();
        boolean silent = parameters.prompt().contains(AuthorizationParameters.NONE);
        if (authTime.isEmpty()) {
            return silent
                    ? loginRequired(parameters.redirectUri(), parameters.state())
                    : Outcome.signIn();
        }
        Instant now = Instant.now();
        AuthorizationRequest request = newRequest(parameters, now);
        boolean pickAccount =
                parameters.prompt().contains(AuthorizationParameters.SELECT_ACCOUNT)
                        && authTime.get().isBefore(now.minus(AuthorizationRequest.FRESH_SIGN_IN));
        if (pickAccount || !request.signInSatisfies(authTime.get(), now)) {
            if (silent) {
                return loginRequired(parameters.redirectUri(), parameters.state());
            }
            // Unclaimed: whoever signs in next (another account, with select_account) takes it.
            requests.insert(request);
            return Outcome.signInAgain(continueUri(request));
        }
        SignedInUser signedIn = user.get();
        return present(store(request.of(signedIn.userId())), app, signedIn, authTime.get());
    }

    /**
     * {@code GET /oauth2/authorize/continue}: the stored request after a fresh sign-in; it becomes
     * the signed-in user's unless it already belongs to someone else. What the request asked of the
     * sign-in ({@code prompt=login}, {@code max_age}) is checked here against the provider's {@code
     * auth_time}, from the stored request: a continue URL stripped of its {@code prompt} signs
     * nobody in silently.
     */
    public Outcome resume(String requestId, SignedInUser user, Instant authTime) {
        Optional<AuthorizationRequest> found = parseId(requestId).flatMap(requests::find);
        if (found.isEmpty() || !found.get().isOpen(Instant.now())) {
            return Outcome.error(400, STALE);
        }
        if (!found.get().signInSatisfies(authTime, Instant.now())) {
            return Outcome.signInAgain(continueUri(found.get()));
        }
        if (!requests.claim(found.get().id(), user.userId())) {
            return Outcome.error(403, NOT_YOURS);
        }
        requests.trimOpen(user.userId(), config.maxOpenRequests());
        Optional<AppView> app = grantService.app(found.get().clientId());
        if (app.isEmpty() || !app.get().enabled()) {
            return Outcome.error(400, "This app is no longer available.");
        }
        Optional<AuthorizationRequest> claimed = requests.find(found.get().id());
        if (claimed.isEmpty()) {
            return Outcome.error(400, STALE);
        }
        return present(claimed.get(), app.get(), user, authTime);
    }

    /** {@code POST /oauth2/authorize/decision}: Accept or Cancel a stored request, once. */
    public Outcome decide(
            String requestId,
            String csrfToken,
            String decision,
            SignedInUser user,
            Instant authTime) {
        Optional<AuthorizationRequest> found = parseId(requestId).flatMap(requests::find);
        if (found.isEmpty()) {
            return Outcome.error(400, STALE);
        }
        AuthorizationRequest request = found.get();
        if (!user.userId().equals(request.userId())) {
            return Outcome.error(403, NOT_YOURS);
        }
        if (request.decidedAt() != null) {
            return Outcome.error(400, "You have already answered this request.");
        }
        if (!request.isOpen(Instant.now())) {
            return Outcome.error(400, STALE);
        }
        if (!sameToken(request.csrfToken(), csrfToken)) {
            return Outcome.error(
                    403,
                    "This form could not be verified, so nothing was done. Go back to the app and"
                            + " start again.");
        }
        if (!ACCEPT.equals(decision) && !CANCEL.equals(decision)) {
            return Outcome.error(400, "Choose Accept or Cancel.");
        }
        if (!requests.markDecided(request.id(), user.userId())) {
            return Outcome.error(400, "You have already answered this request.");
        }
        if (CANCEL.equals(decision)) {
            return Outcome.redirect(
                    AuthorizationResponse.error(
                            request.redirectUri(),
                            AuthorizationError.accessDenied("the user cancelled"),
                            request.state(),
                            config.issuer()));
        }
        return accept(request, authTime);
    }

    private Outcome present(
            AuthorizationRequest request, AppView app, SignedInUser user, Instant authTime) {
        Optional<String> switchedOff = switchedOff(app);
        if (switchedOff.isPresent()) {
            requests.markDecided(request.id(), user.userId());
            if (request.prompts(AuthorizationParameters.NONE)) {
                return Outcome.redirect(
                        AuthorizationResponse.error(
                                request.redirectUri(),
                                AuthorizationError.accessDenied(switchedOff.get()),
                                request.state(),
                                config.issuer()));
            }
            return policyOff(switchedOff.get());
        }
        Set<String> granted = new HashSet<>();
        // A grant revoked here moments ago may still look active at grant-service.
        Predicate<GrantView> revokedHere =
                revocations.revokedHere(user.userId(), config.revocationMemory());
        for (GrantView grant : grantService.grants(user.userId())) {
            if (grant.isActive()
                    && !revokedHere.test(grant)
                    && request.clientId().equals(grant.clientId())) {
                granted.addAll(grant.scopes());
            }
        }
        List<String> fresh = request.scopes().stream().filter(s -> !granted.contains(s)).toList();
        List<String> known = request.scopes().stream().filter(granted::contains).toList();
        boolean mayRemember =
                fresh.isEmpty()
                        && !request.prompts(AuthorizationParameters.CONSENT)
                        && !app.publicClient()
                        && !RedirectUris.isLoopback(request.redirectUri());
        if (mayRemember || request.prompts(AuthorizationParameters.NONE)) {
            if (!requests.markDecided(request.id(), user.userId())) {
                return Outcome.error(400, "You have already answered this request.");
            }
            return mayRemember
                    ? accept(request, authTime)
                    : Outcome.redirect(
                            AuthorizationResponse.error(
                                    request.redirectUri(),
                                    new AuthorizationError(
                                            "consent_required", "the user must approve the app"),
                                    request.state(),
                                    config.issuer()));
        }
        return Outcome.approval(
                new ApprovalPage(
                        request.id(),
                        request.csrfToken(),
                        app.name() == null ? app.clientId() : app.name(),
                        app.publisher(),
                        app.website(),
                        app.description(),
                        ApprovalPage.returnHost(request.redirectUri()),
                        user.name(),
                        user.email(),
                        PermissionGroups.of(fresh, app.permissions()),
                        PermissionGroups.of(known, app.permissions()),
                        switchAccountUri(request)));
    }

    /**
     * Records the stored request as a grant; the request was marked decided by the caller. The
     * sign-in's {@code auth_time} goes with it into Grantwire's ID token.
     */
    private Outcome accept(AuthorizationRequest request, Instant authTime) {
        IssuedCode code;
        try {
            code =
                    grantService.consent(
                            new Consent(
                                    request.userId(),
                                    request.clientId(),
                                    request.scopes(),
                                    request.redirectUri(),
                                    request.nonce(),
                                    request.codeChallenge(),
                                    request.codeChallengeMethod(),
                                    revocations
                                            .latestSequence(
                                                    request.userId(),
                                                    request.clientId(),
                                                    config.revocationMemory())
                                            .orElse(null),
                                    authTime.getEpochSecond()));
        } catch (GrantRefusedException e) {
            if (e.byOrgPolicy()) {
                return policyOff(e.detail());
            }
            return Outcome.error(
                    400,
                    "The app's request could not be approved: "
                            + e.detail()
                            + ". Nothing was"
                            + " granted.");
        } catch (RuntimeException e) {
            requests.reopen(request.id());
            throw e;
        }
        return Outcome.redirect(
                AuthorizationResponse.code(
                        request.redirectUri(), code.code(), request.state(), config.issuer()));
    }

    /**
     * Why the organization's policy (grant-service's {@code GET /internal/v1/policy}) refuses this
     * app now, in grant-service's words; empty when it allows it.
     */
    private Optional<String> switchedOff(AppView app) {
        PolicySwitches policy = grantService.policySwitches();
        if (!policy.thirdPartyAccess()) {
            return Optional.of("third-party access is switched off");
        }
        if ("legacy".equals(app.type()) && !policy.legacyAppsAllowed()) {
            return Optional.of("legacy apps are switched off by the org policy");
        }
        return Optional.empty();
    }

    private static Outcome policyOff(String reason) {
        return Outcome.policyOff(
                "Your organization does not allow apps to access your account now ("
                        + reason
                        + "). Ask an administrator of your organization if you need this app.");
    }

    /** A new request for the parameters, made at {@code now}, not stored and nobody's yet. */
    private AuthorizationRequest newRequest(AuthorizationParameters p, Instant now) {
        return new AuthorizationRequest(
                UUID.randomUUID(),
                p.clientId(),
                p.redirectUri(),
                p.scopes(),
                p.state(),
                p.nonce(),
                p.codeChallenge(),
                Pkce.S256,
                p.prompt().isEmpty() ? null : String.join(" ", p.prompt()),
                p.maxAge(),
                null,
                newToken(),
                now,
                now.plus(config.requestLifetime()),
                null);
    }

    /**
     * Stores a user's request, keeping at most {@code grantwire.consent.max-open-requests} of their
     * undecided ones (the oldest go).
     */
    private AuthorizationRequest store(AuthorizationRequest request) {
        requests.deleteExpired();
        requests.insert(request);
        requests.trimOpen(request.userId(), config.maxOpenRequests());
        return request;
    }

    /**
     * Where a fresh sign-in for a stored request comes back: the continue step, with the {@code
     * prompt} the provider is to honour (forwarded by quarkus-oidc), taken from the stored request.
     */
    private static URI continueUri(AuthorizationRequest request) {
        return URI.create(
                "/oauth2/authorize/continue?request="
                        + request.id()
                        + "&prompt="
                        + (request.prompts(AuthorizationParameters.SELECT_ACCOUNT)
                                ? AuthorizationParameters.SELECT_ACCOUNT
                                : AuthorizationParameters.LOGIN));
    }

    /** OpenID Connect's answer to {@code prompt=none} when the user would have to sign in. */
    private Outcome loginRequired(String redirectUri, String state) {
        return Outcome.redirect(
                AuthorizationResponse.error(
                        redirectUri,
                        new AuthorizationError("login_required", "the user must sign in"),
                        state,
                        config.issuer()));
    }

    private static String switchAccountUri(AuthorizationRequest r) {
        StringBuilder uri =
                new StringBuilder("/oauth2/authorize?response_type=code")
                        .append("&client_id=")
                        .append(encode(r.clientId()))
                        .append("&redirect_uri=")
                        .append(encode(r.redirectUri()))
                        .append("&scope=")
                        .append(encode(String.join(" ", r.scopes())))
                        .append("&code_challenge=")
                        .append(encode(r.codeChallenge()))
                        .append("&code_challenge_method=")
                        .append(encode(r.codeChallengeMethod()));
        if (r.state() != null) {
            uri.append("&state=").append(encode(r.state()));
        }
        if (r.nonce() != null) {
            uri.append("&nonce=").append(encode(r.nonce()));
        }
        return uri.append("&prompt=select_account").toString();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Optional<UUID> parseId(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean sameToken(String stored, String presented) {
        return stored != null
                && presented != null
                && MessageDigest.isEqual(
                        stored.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static final String STALE =
            "This request has expired or does not exist. Go back to the app and start again.";

    private static final String NOT_YOURS =
            "This request was started by another account. Go back to the app and start again.";
}
