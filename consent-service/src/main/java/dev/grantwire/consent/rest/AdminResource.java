package dev.grantwire.consent.rest;

import dev.grantwire.consent.domain.Confirmation;
import dev.grantwire.consent.security.SignedInUsers;
import dev.grantwire.consent.service.AdminPagesService;
import dev.grantwire.consent.service.AdminPagesService.ConfirmPage;
import dev.grantwire.consent.service.AdminPagesService.Done;
import dev.grantwire.consent.service.AuthorizationView;
import dev.grantwire.internal.grants.AppView;
import dev.grantwire.internal.grants.AuditEntry;
import dev.grantwire.internal.grants.PolicyView;
import dev.grantwire.internal.grants.Registration;
import dev.grantwire.internal.revocations.LedgerEntry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The organization admin's pages. Each request checks the admin first (the provider's role and
 * grant-service's word); every change goes through a stored confirmation with a CSRF token. Thin:
 * the rules live in {@link AdminPagesService}.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminResource {

    static final int AUDIT_ROWS = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance authorizations(
                List<AuthorizationView> authorizations, String userId, String clientId);

        static native TemplateInstance apps(List<AppView> apps);

        static native TemplateInstance newApp(Confirmation confirmation);

        static native TemplateInstance policy(PolicyView policy);

        static native TemplateInstance audit(List<AuditEntry> entries, List<LedgerEntry> ledger);

        static native TemplateInstance confirm(ConfirmPage page);

        static native TemplateInstance done(Done done);
    }

    @Inject AdminPagesService admin;
    @Inject SignedInUsers users;
    @Inject SecurityIdentity identity;

    @GET
    public Response home() {
        admin();
        return Response.seeOther(URI.create("/admin/authorizations")).build();
    }

    @GET
    @Path("authorizations")
    public Response authorizations(
            @QueryParam("userId") String userId, @QueryParam("clientId") String clientId) {
        return ok(
                Templates.authorizations(
                        admin.authorizations(admin(), userId, clientId),
                        userId == null ? "" : userId,
                        clientId == null ? "" : clientId));
    }

    @GET
    @Path("apps")
    public Response apps() {
        return ok(Templates.apps(admin.apps(admin())));
    }

    @GET
    @Path("apps/new")
    public Response newApp() {
        return ok(Templates.newApp(admin.registrationForm(admin())));
    }

    @POST
    @Path("apps")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(
            @FormParam("confirmation") String confirmation,
            @FormParam("csrf_token") String csrfToken,
            @FormParam("name") String name,
            @FormParam("publisher") String publisher,
            @FormParam("website") String website,
            @FormParam("description") String description,
            @FormParam("redirect_uris") String redirectUris,
            @FormParam("scope") String scope,
            @FormParam("public_client") String publicClient,
            @FormParam("refresh") String refresh,
            @FormParam("legacy") String legacy) {
        UUID acting = admin();
        Registration registration =
                new Registration(
                        blank(name),
                        blank(publisher),
                        blank(website),
                        null,
                        blank(description),
                        redirectUris == null
                                ? List.of()
                                : Arrays.stream(redirectUris.split("\\s+"))
                                        .filter(u -> !u.isBlank())
                                        .toList(),
                        refresh == null
                                ? List.of("authorization_code")
                                : List.of("authorization_code", "refresh_token"),
                        publicClient == null ? "client_secret_basic" : "none",
                        blank(scope),
                        legacy == null ? "standard" : "legacy");
        return done(admin.register(acting, confirmation, csrfToken, registration));
    }

    @GET
    @Path("policy")
    public Response policy() {
        return ok(Templates.policy(admin.policy(admin())));
    }

    @GET
    @Path("audit")
    public Response audit() {
        UUID acting = admin();
        return ok(Templates.audit(admin.audit(acting, AUDIT_ROWS), admin.ledger(AUDIT_ROWS)));
    }

    /** The confirmation page of an action (revokes, app switches, secret, policy). */
    @GET
    @Path("confirm")
    public Response confirm(
            @QueryParam("action") String action, @QueryParam("subject") String subject) {
        Optional<ConfirmPage> page = admin.confirm(admin(), action, subject);
        if (page.isEmpty()) {
            return Pages.message(
                    400, "Nothing to confirm", "This action is not known here.", "/admin");
        }
        return ok(Templates.confirm(page.get()));
    }

    @POST
    @Path("confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirmed(
            @FormParam("confirmation") String confirmation,
            @FormParam("csrf_token") String csrfToken) {
        // No admin lookup at grant-service here: a revoke carries the admin assertion grant-service
        // signed when the page was shown (revocation-service checks it); other actions are
        // checked again by AdminPagesService.execute.
        UUID userId = users.current(identity).userId();
        return done(admin.execute(identity, userId, confirmation, csrfToken));
    }

    private UUID admin() {
        UUID userId = users.current(identity).userId();
        admin.requireAdmin(identity, userId);
        return userId;
    }

    private Response done(Done done) {
        if (done.status() != 200) {
            return Pages.message(done.status(), "Nothing was changed", done.message(), "/admin");
        }
        return ok(Templates.done(done));
    }

    private static Response ok(TemplateInstance page) {
        return AuthorizeResource.page(200, page);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
