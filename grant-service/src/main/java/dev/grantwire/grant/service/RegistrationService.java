package dev.grantwire.grant.service;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.persistence.AuditRepository;
import dev.grantwire.grant.persistence.InitialAccessTokenRepository;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.Secrets;
import dev.grantwire.protocol.RedirectUris;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Dynamic client registration, <a href="https://www.rfc-editor.org/rfc/rfc7591">RFC 7591</a>,
 * protected by an initial access token (section 3), and the admin's registration. The secret is
 * 256-bit random, returned once and stored as a SHA-256 hash. Every field and list has a length
 * limit ({@link #LIMITS}), and a legacy app (long-lived refresh tokens) is registered only by an
 * admin: an initial access token must not be enough to grant an app privileges.
 */
@ApplicationScoped
public class RegistrationService {

    private static final Set<String> GRANT_TYPES =
            Set.of("authorization_code", "refresh_token", "client_credentials");
    private static final Set<String> AUTH_METHODS =
            Set.of(App.AUTH_BASIC, App.AUTH_POST, App.AUTH_NONE);

    /** Who registers: an app through RFC 7591, or an organization admin. */
    public enum Registrar {
        DYNAMIC,
        ADMIN
    }

    /** The longest name or publisher of an app, in characters. */
    public static final int MAX_NAME = 100;

    /** The longest description of an app, in characters. */
    public static final int MAX_DESCRIPTION = 1000;

    /** The longest URI (redirect, website, logo), in characters. */
    public static final int MAX_URI = 2000;

    /** The longest space-separated scope list, in characters. */
    public static final int MAX_SCOPE = 1000;

    /** The most redirect URIs one app may register. */
    public static final int MAX_REDIRECT_URIS = 10;

    /** The validated metadata of a new app. */
    public record Metadata(
            String name,
            String publisher,
            String website,
            String logoUri,
            String description,
            List<String> redirectUris,
            List<String> grantTypes,
            String authMethod,
            String scope,
            String type) {}

    /** A registered app and its secret (null for a public client), shown this once. */
    public record Registered(App app, String secret) {}

    private final AppRepository apps;
    private final InitialAccessTokenRepository initialTokens;
    private final AuditRepository audit;
    private final PermissionCatalog catalog;
    private final PolicyService policy;

    RegistrationService(
            AppRepository apps,
            InitialAccessTokenRepository initialTokens,
            AuditRepository audit,
            PermissionCatalog catalog,
            PolicyService policy) {
        this.apps = apps;
        this.initialTokens = initialTokens;
        this.audit = audit;
        this.catalog = catalog;
        this.policy = policy;
    }

    /** Whether a bearer token is a valid initial access token. */
    public boolean acceptsInitialAccessToken(String token) {
        return token != null && initialTokens.exists(Secrets.sha256(token));
    }

    @Transactional
    public Registered register(Metadata metadata, Registrar registrar, String actor) {
        if (metadata.name() == null || metadata.name().isBlank()) {
            throw metadataError("client_name is required");
        }
        String tooLong =
                firstProblem(
                        tooLong("client_name", metadata.name(), MAX_NAME),
                        tooLong("publisher", metadata.publisher(), MAX_NAME),
                        tooLong("description", metadata.description(), MAX_DESCRIPTION),
                        tooLong("client_uri", metadata.website(), MAX_URI),
                        tooLong("logo_uri", metadata.logoUri(), MAX_URI),
                        tooLong("scope", metadata.scope(), MAX_SCOPE),
                        redirectUrisProblem(metadata.redirectUris()));
        if (tooLong == null
                && metadata.grantTypes() != null
                && metadata.grantTypes().size() > GRANT_TYPES.size()) {
            tooLong = "grant_types has more than " + GRANT_TYPES.size() + " entries";
        }
        if (tooLong != null) {
            throw metadataError(tooLong);
        }
        if (ProblemException.hasNullElement(metadata.grantTypes())) {
            throw metadataError("grant_types must not contain null");
        }
        if (ProblemException.hasNullElement(metadata.redirectUris())) {
            throw new OAuthException(
                    "invalid_redirect_uri", "redirect_uris must not contain null", 400, false);
        }
        List<String> grantTypes =
                metadata.grantTypes() == null || metadata.grantTypes().isEmpty()
                        ? List.of("authorization_code")
                        : List.copyOf(metadata.grantTypes());
        for (String grantType : grantTypes) {
            if (!GRANT_TYPES.contains(grantType)) {
                throw metadataError("grant type " + grantType + " is not supported");
            }
        }
        String authMethod = metadata.authMethod() == null ? App.AUTH_BASIC : metadata.authMethod();
        if (!AUTH_METHODS.contains(authMethod)) {
            throw metadataError("token_endpoint_auth_method " + authMethod + " is not supported");
        }
        if (App.AUTH_NONE.equals(authMethod) && grantTypes.contains("client_credentials")) {
            throw metadataError("a public client cannot use client_credentials");
        }
        List<String> redirectUris =
                metadata.redirectUris() == null ? List.of() : List.copyOf(metadata.redirectUris());
        if (grantTypes.contains("authorization_code") && redirectUris.isEmpty()) {
            throw new OAuthException(
                    "invalid_redirect_uri", "redirect_uris are required", 400, false);
        }
        for (String uri : redirectUris) {
            String problem = RedirectUris.registrationProblem(uri);
            if (problem != null) {
                throw new OAuthException("invalid_redirect_uri", problem, 400, false);
            }
        }
        String uriProblem = pageUriProblem("client_uri", metadata.website());
        if (uriProblem == null) {
            uriProblem = pageUriProblem("logo_uri", metadata.logoUri());
        }
        if (uriProblem != null) {
            throw metadataError(uriProblem);
        }
        Set<String> scopes = PermissionCatalog.parse(metadata.scope());
        if (scopes.isEmpty()) {
            throw metadataError("scope is required");
        }
        for (String scope : scopes) {
            if (!catalog.grantableToApps(scope)) {
                throw metadataError("scope " + scope + " cannot be registered");
            }
        }
        String type = metadata.type() == null ? App.STANDARD : metadata.type();
        if (!App.STANDARD.equals(type) && !App.LEGACY.equals(type)) {
            throw metadataError("app type must be standard or legacy");
        }
        if (App.LEGACY.equals(type) && registrar != Registrar.ADMIN) {
            throw metadataError("a legacy app is registered by an organization admin");
        }
        if (App.LEGACY.equals(type) && !policy.current().legacyAppsAllowed()) {
            throw metadataError("the org policy does not allow legacy apps");
        }
        App app =
                new App(
                        UUID.randomUUID().toString(),
                        metadata.name(),
                        metadata.publisher(),
                        metadata.website(),
                        metadata.logoUri(),
                        metadata.description(),
                        redirectUris,
                        grantTypes,
                        authMethod,
                        List.copyOf(scopes),
                        type,
                        false,
                        registrar == Registrar.DYNAMIC,
                        App.ENABLED);
        apps.insert(app);
        String secret = null;
        if (!app.isPublic()) {
            secret = Secrets.newSecret();
            apps.addSecret(app.clientId(), Secrets.sha256(secret));
        }
        audit.append(actor, "app.registered", "client:" + app.clientId(), app.name());
        return new Registered(app, secret);
    }

    /** Why a field is longer than its limit, or null when it is absent or within it. */
    public static String tooLong(String field, String value, int limit) {
        return value != null && value.length() > limit
                ? field + " is longer than " + limit + " characters"
                : null;
    }

    /** The first of some problems that is not null, or null. */
    public static String firstProblem(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Why a list of redirect URIs is too long or holds too long a URI, or null. */
    public static String redirectUrisProblem(List<String> redirectUris) {
        if (redirectUris == null) {
            return null;
        }
        if (redirectUris.size() > MAX_REDIRECT_URIS) {
            return "redirect_uris has more than " + MAX_REDIRECT_URIS + " entries";
        }
        return firstProblem(
                redirectUris.stream()
                        .map(uri -> tooLong("redirect_uri", uri, MAX_URI))
                        .toArray(String[]::new));
    }

    /**
     * Why a page URI shown to users (the app's website {@code client_uri}, its {@code logo_uri}) is
     * refused, or null when it is absent or an absolute https URI with a host and no user-info.
     */
    public static String pageUriProblem(String field, String value) {
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return field + " is not a valid URI";
        }
        if (!uri.isAbsolute() || !"https".equalsIgnoreCase(uri.getScheme())) {
            return field + " must be an absolute https URI";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return field + " must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return field + " must not contain user information";
        }
        return null;
    }

    private static OAuthException metadataError(String description) {
        return new OAuthException("invalid_client_metadata", description, 400, false);
    }
}
