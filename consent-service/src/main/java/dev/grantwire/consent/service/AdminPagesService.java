package dev.grantwire.consent.service;

import dev.grantwire.consent.client.GrantRefusedException;
import dev.grantwire.consent.client.GrantServiceClient;
import dev.grantwire.consent.client.NotAdminException;
import dev.grantwire.consent.client.RevocationRefusedException;
import dev.grantwire.consent.client.RevocationServiceClient;
import dev.grantwire.consent.config.ConsentConfig;
import dev.grantwire.consent.domain.Assertions;
import dev.grantwire.consent.domain.Confirmation;
import dev.grantwire.consent.domain.ConfirmedAction;
import dev.grantwire.consent.persistence.UserRevocationRepository;
import dev.grantwire.internal.grants.AppView;
import dev.grantwire.internal.grants.AuditEntry;
import dev.grantwire.internal.grants.GrantView;
import dev.grantwire.internal.grants.PolicyView;
import dev.grantwire.internal.grants.Registered;
import dev.grantwire.internal.grants.Registration;
import dev.grantwire.internal.revocations.AdminRevocation;
import dev.grantwire.internal.revocations.LedgerEntry;
import dev.grantwire.internal.revocations.Recorded;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The organization admin's pages: every authorization, revokes by grant, app or user (through
 * revocation-service's admin API), apps, the policy switches and the audit trail (through
 * grant-service's admin API). Admins are users the provider gives the admin role AND grant-service
 * calls admins; each service checks the acting user again itself.
 */
@ApplicationScoped
public class AdminPagesService {

    /** What a confirmed action came to: a message, a secret shown once, or a refusal. */
    public record Done(int status, String message, String secretFor, String secret) {

        static Done ok(String message) {
            return new Done(200, message, null, null);
        }

        static Done refused(int status, String message) {
            return new Done(status, message, null, null);
        }
    }

    /** The confirmation page of an admin action. */
    public record ConfirmPage(ConfirmedAction action, String what, Confirmation confirmation) {}

    /** Every action carried out through {@code POST /admin/confirm}. */
    /** The admin actions that are revocations, carried to revocation-service. */
    static final Set<ConfirmedAction> REVOKES =
            Set.of(
                    ConfirmedAction.REVOKE_GRANT,
                    ConfirmedAction.REVOKE_APP_TOKENS,
                    ConfirmedAction.REVOKE_APP_GRANTS,
                    ConfirmedAction.REVOKE_USER);

    /** An assertion expiring sooner than this is replaced before the revoke. */
    static final java.time.Duration ASSERTION_MARGIN = ManageAuthorizationsService.ASSERTION_MARGIN;

    static final Set<ConfirmedAction> CONFIRMED =
            EnumSet.complementOf(
                    EnumSet.of(ConfirmedAction.REVOKE_OWN_GRANT, ConfirmedAction.REGISTER_APP));

    private final GrantServiceClient grantService;
    private final RevocationServiceClient revocationService;
    private final UserRevocationRepository userRevocations;
    private final Confirmations confirmations;
    private final ConsentConfig config;

    AdminPagesService(
            GrantServiceClient grantService,
            RevocationServiceClient revocationService,
            UserRevocationRepository userRevocations,
            Confirmations confirmations,
            ConsentConfig config) {
        this.grantService = grantService;
        this.revocationService = revocationService;
        this.userRevocations = userRevocations;
        this.confirmations = confirmations;
        this.config = config;
    }

    /**
     * Refuses anyone the provider does not give the admin role, or grant-service does not call an
     * admin.
     *
     * @throws NotAdminException for everyone else
     */
    public void requireAdmin(SecurityIdentity identity, UUID userId) {
        if (!identity.hasRole(config.adminRole()) || !grantService.isAdmin(userId)) {
            throw new NotAdminException();
        }
    }

    /** Every active authorization, optionally of one user and/or app. */
    public List<AuthorizationView> authorizations(UUID admin, String userId, String clientId) {
        UUID user = parseUuid(userId).orElse(null);
        if (blank(userId) == null || user != null) {
            String app = blank(clientId);
            return grantService.adminGrants(admin, user, app, 500).stream()
                    .filter(g -> g.isActive())
                    .map(g -> AuthorizationView.of(g))
                    .toList();
        }
        return List.of();
    }

    public List<AppView> apps(UUID admin) {
        return grantService.adminApps(admin);
    }

    public PolicyView policy(UUID admin) {
        return grantService.policy(admin);
    }

    /** grant-service's audit trail, newest first. */
    public List<AuditEntry> audit(UUID admin, int limit) {
        return grantService.audit(admin, limit);
    }

    /** revocation-service's ledger: its newest {@code limit} rows, newest first. */
    public List<LedgerEntry> ledger(int limit) {
        return revocationService.newestLedger(limit);
    }

    /**
     * The confirmation page of an action on {@code subject}; empty for an unknown action or a
     * malformed subject.
     */
    public Optional<ConfirmPage> confirm(UUID admin, String action, String subject) {
        ConfirmedAction parsed;
        try {
            parsed = ConfirmedAction.valueOf(action == null ? "" : action);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!CONFIRMED.contains(parsed) || blank(subject) == null) {
            return Optional.empty();
        }
        String what = describe(parsed, subject.trim());
        if (what == null) {
            return Optional.empty();
        }
        String target = subject.trim();
        if (!REVOKES.contains(parsed)) {
            return Optional.of(
                    new ConfirmPage(parsed, what, confirmations.open(admin, parsed, target)));
        }
        // Everything the revoke will carry to revocation-service is fetched now, while the page is
        // shown, so that the confirmed POST makes its one call there and asks nothing of
        // grant-service.
        String ownership =
                parsed == ConfirmedAction.REVOKE_GRANT
                        ? ownershipOf(admin, target).orElse(null)
                        : null;
        String adminAssertion = grantService.adminAssertion(admin).orElse(null);
        return Optional.of(
                new ConfirmPage(
                        parsed,
                        what,
                        confirmations.open(
                                admin, parsed, target, null, ownership, adminAssertion)));
    }

    /** A registration form's confirmation (its CSRF token). */
    public Confirmation registrationForm(UUID admin) {
        return confirmations.open(admin, ConfirmedAction.REGISTER_APP, "new");
    }

    /** Registers an app from the form; the secret is shown once. */
    public Done register(
            UUID admin, String confirmationId, String csrfToken, Registration registration) {
        Confirmations.Checked checked =
                confirmations.use(
                        confirmationId, csrfToken, admin, Set.of(ConfirmedAction.REGISTER_APP));
        if (!checked.ok()) {
            return Done.refused(checked.status(), checked.message());
        }
        try {
            Registered registered = grantService.register(admin, registration);
            return new Done(
                    200,
                    "Registered " + registered.clientName() + " as " + registered.clientId() + ".",
                    registered.clientId(),
                    registered.clientSecret());
        } catch (GrantRefusedException e) {
            confirmations.reopen(checked.confirmation());
            return Done.refused(400, "The app was not registered: " + e.detail() + ".");
        } catch (RuntimeException e) {
            confirmations.reopen(checked.confirmation());
            throw e;
        }
    }

    /**
     * Carries out a confirmed admin action. The provider's admin role is checked always;
     * grant-service's decision is asked again only for actions that do not carry its admin
     * assertion (a revoke confirmed with one needs nothing of grant-service: revocation-service
     * checks the assertion).
     *
     * @throws NotAdminException for a user who is not an admin (the confirmation stays open)
     */
    public Done execute(
            SecurityIdentity identity, UUID admin, String confirmationId, String csrfToken) {
        if (!identity.hasRole(config.adminRole())) {
            throw new NotAdminException();
        }
        Confirmations.Checked checked =
                confirmations.use(confirmationId, csrfToken, admin, CONFIRMED);
        if (!checked.ok()) {
            return Done.refused(checked.status(), checked.message());
        }
        Confirmation c = checked.confirmation();
        if (!REVOKES.contains(c.action()) || c.adminAssertion() == null) {
            try {
                requireAdmin(identity, admin);
            } catch (RuntimeException e) {
                confirmations.reopen(c);
                throw e;
            }
        }
        try {
            return carryOut(admin, fresh(admin, c));
        } catch (GrantRefusedException e) {
            return Done.refused(400, "Nothing was changed: " + e.detail() + ".");
        } catch (RevocationRefusedException e) {
            return Done.refused(e.status(), "Nothing was revoked: " + e.detail() + ".");
        } catch (RuntimeException e) {
            confirmations.reopen(c);
            throw e;
        }
    }

    /**
     * The confirmation with its assertions renewed when they expire within the margin (the page was
     * open for minutes): the one case in which a revoke's POST asks grant-service.
     */
    private Confirmation fresh(UUID admin, Confirmation c) {
        String ownership = c.ownership();
        if (ownership != null && Assertions.expiresWithin(ownership, ASSERTION_MARGIN)) {
            ownership = ownershipOf(admin, c.subject()).orElse(null);
        }
        String adminAssertion = c.adminAssertion();
        if (adminAssertion != null && Assertions.expiresWithin(adminAssertion, ASSERTION_MARGIN)) {
            adminAssertion = grantService.adminAssertion(admin).orElse(null);
        }
        return c.withAssertions(ownership, adminAssertion);
    }

    private Done carryOut(UUID admin, Confirmation c) {
        String subject = c.subject();
        String adminAssertion = c.adminAssertion();
        switch (c.action()) {
            case REVOKE_GRANT:
                {
                    // Whose it was, for the list to hide it: from the assertion when it says.
                    Optional<UUID> owner =
                            Optional.ofNullable(c.ownership())
                                    .flatMap(Assertions::subject)
                                    .flatMap(AdminPagesService::parseUuid)
                                    .or(() -> ownerOf(admin, subject));
                    Recorded r =
                            revoke(
                                    admin,
                                    adminAssertion,
                                    new AdminRevocation(
                                            "grant",
                                            subject,
                                            null,
                                            "admin_revoked",
                                            c.ownership()));
                    owner.ifPresent(
                            o -> userRevocations.record(o, UUID.fromString(subject), r.sequence()));
                    return Done.ok("The authorization was revoked.");
                }
            case REVOKE_APP_TOKENS:
                revoke(
                        admin,
                        adminAssertion,
                        new AdminRevocation(
                                "client", subject, "tokens", "admin_revoked_app_tokens", null));
                return Done.ok("Every token of " + subject + " issued until now was ended.");
            case REVOKE_APP_GRANTS:
                {
                    Recorded r =
                            revoke(
                                    admin,
                                    adminAssertion,
                                    new AdminRevocation(
                                            "client",
                                            subject,
                                            "grants",
                                            "admin_revoked_app_grants",
                                            null));
                    userRevocations.recordAppWide(subject, r.sequence());
                    return Done.ok("Every authorization of " + subject + " was revoked.");
                }
            case REVOKE_USER:
                {
                    Recorded r =
                            revoke(
                                    admin,
                                    adminAssertion,
                                    new AdminRevocation(
                                            "user", subject, "grants", "admin_revoked_user", null));
                    userRevocations.record(UUID.fromString(subject), null, r.sequence());
                    return Done.ok("Everything this user authorized was revoked.");
                }
            case DISABLE_APP:
                grantService.setEnabled(admin, subject, false);
                return Done.ok(subject + " is disabled: its tokens stop working.");
            case ENABLE_APP:
                grantService.setEnabled(admin, subject, true);
                return Done.ok(subject + " is enabled again.");
            case REGENERATE_SECRET:
                return new Done(
                        200,
                        "The secret of " + subject + " was replaced; its tokens stop working.",
                        subject,
                        grantService.regenerateSecret(admin, subject));
            case CHANGE_POLICY:
                {
                    PolicyView current = grantService.policy(admin);
                    Switches next = Switches.parse(subject);
                    grantService.updatePolicy(
                            admin,
                            new PolicyView(
                                    next.thirdPartyAccess(),
                                    next.legacyAppsAllowed(),
                                    current.accessTokenLifetimeSeconds(),
                                    current.refreshTokenLifetimeSeconds(),
                                    current.legacyRefreshLifetimeSeconds()));
                    return Done.ok("The policy was changed.");
                }
            default:
                return Done.refused(400, "This action cannot be confirmed here.");
        }
    }

    private Recorded revoke(UUID admin, String adminAssertion, AdminRevocation revocation) {
        return revocationService.revokeAsAdmin(admin, adminAssertion, revocation);
    }

    /** The ownership assertion of a grant the admin saw in the list, from its user's answer. */
    private Optional<String> ownershipOf(UUID admin, String grantId) {
        Optional<UUID> grant = parseUuid(grantId);
        if (grant.isEmpty()) {
            return Optional.empty();
        }
        return ownerOf(admin, grantId)
                .flatMap(owner -> grantService.grant(owner, grant.get()))
                .map(GrantView::ownership);
    }

    private Optional<UUID> ownerOf(UUID admin, String grantId) {
        // The admin search has no grant-id filter; the grant was on the page the admin came from.
        return grantService.adminGrants(admin, null, null, 500).stream()
                .filter(g -> grantId.equals(String.valueOf(g.grantId())))
                .map(g -> g.userId())
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    /** What the confirmation page says will happen; null for a malformed subject. */
    private static String describe(ConfirmedAction action, String subject) {
        switch (action) {
            case REVOKE_GRANT:
                return parseUuid(subject).isEmpty()
                        ? null
                        : "The app loses this authorization and every token it holds for it, at"
                                + " once.";
            case REVOKE_APP_TOKENS:
                return "Every access and refresh token of "
                        + subject
                        + " issued until now stops working. Users' authorizations stay: the app"
                        + " can ask for new tokens.";
            case REVOKE_APP_GRANTS:
                return "Every user's authorization of "
                        + subject
                        + " is revoked, and every token with it. Users must approve the app again.";
            case REVOKE_USER:
                return parseUuid(subject).isEmpty()
                        ? null
                        : "Every app this user authorized loses access to their account, at once.";
            case DISABLE_APP:
                return subject
                        + " gets no new tokens until it is enabled again, and its current tokens"
                        + " stop working.";
            case ENABLE_APP:
                return subject + " may get tokens again.";
            case REGENERATE_SECRET:
                return "Every secret of "
                        + subject
                        + " is replaced by a new one, shown once. Its current tokens stop working.";
            case CHANGE_POLICY:
                {
                    Switches s = Switches.parse(subject);
                    if (s == null) {
                        return null;
                    }
                    return "Access by apps: "
                            + (s.thirdPartyAccess()
                                    ? "on"
                                    : "off (every app's authorizations are revoked)")
                            + ". Legacy apps: "
                            + (s.legacyAppsAllowed()
                                    ? "allowed"
                                    : "not allowed (their authorizations are revoked)")
                            + ".";
                }
            default:
                return null;
        }
    }

    /** The policy switches as a confirmation stores them: {@code <thirdParty>,<legacy>}. */
    record Switches(boolean thirdPartyAccess, boolean legacyAppsAllowed) {

        static Switches parse(String subject) {
            String[] parts = subject.split(",");
            if (parts.length != 2 || !isBoolean(parts[0]) || !isBoolean(parts[1])) {
                return null;
            }
            return new Switches(Boolean.parseBoolean(parts[0]), Boolean.parseBoolean(parts[1]));
        }

        private static boolean isBoolean(String value) {
            return "true".equals(value) || "false".equals(value);
        }
    }

    private static Optional<UUID> parseUuid(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(UUID.fromString(value.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
