package dev.grantwire.grant.service;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.domain.Scope;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.TokenForm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Set;

/**
 * The {@code client_credentials} grant, <a
 * href="https://www.rfc-editor.org/rfc/rfc6749#section-4.4">RFC 6749 section 4.4</a>: a
 * confidential client acting for itself gets app-level scopes, and internal scopes only if it is
 * one of Grantwire's own services; never a scope that acts for a user.
 */
@ApplicationScoped
public class ClientCredentialsGrant {

    private final PermissionCatalog catalog;
    private final TokenIssuer issuer;

    ClientCredentialsGrant(PermissionCatalog catalog, TokenIssuer issuer) {
        this.catalog = catalog;
        this.issuer = issuer;
    }

    @Transactional
    public String issue(App client, TokenForm form) {
        if (client.isPublic()) {
            throw OAuthException.unauthorizedClient(
                    "a public client cannot use client_credentials");
        }
        GrantTypes.require(client, "client_credentials");
        Set<String> requested = PermissionCatalog.parse(form.single("scope"));
        if (requested.isEmpty()) {
            for (String allowed : client.allowedScopes()) {
                catalog.find(allowed)
                        .filter(s -> s.internal() || s.appLevel())
                        .ifPresent(s -> requested.add(s.name()));
            }
        }
        if (requested.isEmpty()) {
            throw OAuthException.invalidScope("no scope this client may obtain for itself");
        }
        for (String name : requested) {
            Scope scope =
                    catalog.find(name)
                            .orElseThrow(
                                    () ->
                                            OAuthException.invalidScope(
                                                    "a requested scope is unknown"));
            if (scope.internal() && !client.internal()) {
                throw OAuthException.invalidScope("a requested scope is internal");
            }
            if (!scope.internal() && !scope.appLevel()) {
                throw OAuthException.invalidScope(
                        "scope " + name + " acts for a user and needs the user's authorization");
            }
            if (!client.allowedScopes().contains(name)) {
                throw OAuthException.invalidScope(
                        "scope " + name + " is not allowed for this client");
            }
        }
        return issuer.forClient(client, requested);
    }
}
