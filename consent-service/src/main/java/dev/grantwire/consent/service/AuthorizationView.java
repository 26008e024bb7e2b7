package dev.grantwire.consent.service;

import dev.grantwire.consent.domain.PermissionGroups;
import dev.grantwire.internal.grants.GrantView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One authorization as "Manage authorizations" and the admin pages show it.
 *
 * @param user whose it is in words (name and email), or null where the page is the user's own
 * @param permissions in plain words, grouped by resource (the approval page's words)
 * @param authorized the date it was granted, e.g. {@code 29 Nov 2026}
 * @param lastUsed the date a token was last issued for it, or {@code Never}
 * @param type {@code Standard} or {@code Legacy}
 */
public record AuthorizationView(
        UUID grantId,
        UUID userId,
        String user,
        String clientId,
        String appName,
        String publisher,
        List<PermissionGroups.Group> permissions,
        String authorized,
        String lastUsed,
        String type,
        String ownership) {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static AuthorizationView of(GrantView grant) {
        return new AuthorizationView(
                grant.grantId(),
                grant.userId(),
                user(grant),
                grant.clientId(),
                grant.appName() == null ? grant.clientId() : grant.appName(),
                grant.publisher(),
                PermissionGroups.of(grant.scopes(), grant.permissions()),
                day(grant.createdAt(), "Unknown"),
                day(grant.lastUsedAt(), "Never"),
                "legacy".equals(grant.type()) ? "Legacy" : "Standard",
                grant.ownership());
    }

    private static String user(GrantView grant) {
        if (grant.userName() == null) {
            return grant.userEmail();
        }
        return grant.userEmail() == null
                ? grant.userName()
                : grant.userName() + " (" + grant.userEmail() + ")";
    }

    private static String day(Instant at, String otherwise) {
        return at == null ? otherwise : DAY.format(at);
    }
}
