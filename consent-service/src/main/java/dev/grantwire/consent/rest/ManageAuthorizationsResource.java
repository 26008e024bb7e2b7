package dev.grantwire.consent.rest;

import dev.grantwire.consent.client.GrantServiceUnavailableException;
import dev.grantwire.consent.domain.SignedInUser;
import dev.grantwire.consent.security.SignedInUsers;
import dev.grantwire.consent.service.AuthorizationView;
import dev.grantwire.consent.service.ManageAuthorizationsService;
import dev.grantwire.consent.service.ManageAuthorizationsService.RevokePage;
import dev.grantwire.consent.service.ManageAuthorizationsService.RevokeResult;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * "Manage authorizations": the signed-in user's authorized apps and Revoke, with a confirmation
 * step. Thin: the rules live in {@link ManageAuthorizationsService}.
 */
@Path("/authorizations")
@Produces(MediaType.TEXT_HTML)
public class ManageAuthorizationsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(
                String accountName, List<AuthorizationView> authorizations, boolean revoked);

        static native TemplateInstance confirmRevoke(RevokePage page);
    }

    @Inject ManageAuthorizationsService manage;
    @Inject SignedInUsers users;
    @Inject SecurityIdentity identity;

    @GET
    public Response list(@QueryParam("revoked") String revoked) {
        SignedInUser user = users.current(identity);
        List<AuthorizationView> authorizations;
        try {
            authorizations = manage.list(user.userId());
        } catch (GrantServiceUnavailableException e) {
            if (revoked == null) {
                throw e;
            }
            // The revoke went through without grant-service; only the list needs it.
            return Pages.message(
                    200,
                    "Access was revoked",
                    "The app lost its access everywhere. Your list of authorizations cannot be"
                            + " shown right now; open it again in a moment.",
                    "/authorizations");
        }
        return AuthorizeResource.page(
                200, Templates.list(user.name(), authorizations, revoked != null));
    }

    @GET
    @Path("{grantId}/revoke")
    public Response confirmRevoke(@PathParam("grantId") String grantId) {
        Optional<RevokePage> page = manage.confirmRevoke(users.current(identity).userId(), grantId);
        if (page.isEmpty()) {
            return Pages.message(
                    404,
                    "Nothing to revoke",
                    "This app does not have access to your account, or it was already revoked.",
                    "/authorizations");
        }
        return AuthorizeResource.page(200, Templates.confirmRevoke(page.get()));
    }

    @POST
    @Path("revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(
            @FormParam("confirmation") String confirmation,
            @FormParam("csrf_token") String csrfToken) {
        RevokeResult result =
                manage.revoke(users.current(identity).userId(), confirmation, csrfToken);
        if (result.revokedApp() != null) {
            return Response.seeOther(URI.create("/authorizations?revoked=1"))
                    .header("Cache-Control", "no-store")
                    .build();
        }
        return Pages.message(
                result.status(), "Nothing was revoked", result.message(), "/authorizations");
    }

    /** Where a browser lands if its revoke had to wait for a sign-in (a GET after the POST). */
    @GET
    @Path("revoke")
    public Response revokeWithoutForm() {
        return Pages.message(
                400,
                "Nothing was revoked",
                "Your answer did not reach us. Open the list and choose Revoke again.",
                "/authorizations");
    }
}
