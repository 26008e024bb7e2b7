package dev.grantwire.consent.rest;

import dev.grantwire.consent.domain.SignedInUser;
import dev.grantwire.consent.security.SignedInUsers;
import dev.grantwire.consent.service.ApprovalPage;
import dev.grantwire.consent.service.AuthorizeService;
import dev.grantwire.consent.service.Outcome;
import io.quarkus.oidc.OidcSession;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The authorization endpoint (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.1">RFC 6749
 * section 3.1</a>) and the approval page. Signed-in users only (quarkus-oidc sends anyone else to
 * the organization's provider first). Thin: the rules live in {@link AuthorizeService}.
 */
@Path("/oauth2/authorize")
@Produces(MediaType.TEXT_HTML)
public class AuthorizeResource {

    /** A sign-in this recent already honoured the request's {@code prompt}. */
    static final Duration FRESH_SIGN_IN = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(AuthorizeResource.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance approval(ApprovalPage page);

        static native TemplateInstance error(String title, String message);

        static native TemplateInstance policyOff(String message);
    }

    @Inject AuthorizeService authorize;
    @Inject SignedInUsers users;
    @Inject SecurityIdentity identity;
    @Inject OidcSession session;

    @GET
    public Response authorize(@Context UriInfo uri) {
        return answer(
                authorize.authorize(
                        uri.getQueryParameters(), () -> users.current(identity), freshSignIn()));
    }

    @GET
    @Path("continue")
    public Response resume(@QueryParam("request") String requestId) {
        return answer(authorize.resume(requestId, user()));
    }

    @POST
    @Path("decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(
            @FormParam("request") String requestId,
            @FormParam("csrf_token") String csrfToken,
            @FormParam("decision") String decision) {
        return answer(authorize.decide(requestId, csrfToken, decision, user()));
    }

    /** Where a browser lands if its decision had to wait for a sign-in (a GET after the POST). */
    @GET
    @Path("decision")
    public Response decisionWithoutForm() {
        return page(
                400,
                Templates.error(
                        "Nothing was decided",
                        "Your answer did not reach us. Go back to the app and start again."));
    }

    private SignedInUser user() {
        return users.current(identity);
    }

    private boolean freshSignIn() {
        if (!(identity.getPrincipal() instanceof JsonWebToken)) {
            return false;
        }
        long issuedAt = ((JsonWebToken) identity.getPrincipal()).getIssuedAtTime();
        return issuedAt > 0
                && Instant.ofEpochSecond(issuedAt).isAfter(Instant.now().minus(FRESH_SIGN_IN));
    }

    private Response answer(Outcome outcome) {
        switch (outcome.kind()) {
            case APPROVAL:
                return page(200, Templates.approval(outcome.page()));
            case REDIRECT:
                return Response.seeOther(outcome.redirect())
                        .header("Cache-Control", "no-store")
                        .build();
            case SIGN_IN_AGAIN:
                signOutHere();
                return Response.seeOther(outcome.redirect())
                        .header("Cache-Control", "no-store")
                        .build();
            case POLICY_OFF:
                return page(outcome.status(), Templates.policyOff(outcome.message()));
            default:
                return page(
                        outcome.status(),
                        Templates.error("This request cannot be completed", outcome.message()));
        }
    }

    /** Drops the local session only: the provider decides, with the forwarded prompt, what next. */
    private void signOutHere() {
        try {
            session.logout().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // No OIDC session to drop (e.g. the provider is not in use in tests).
            LOG.debugf("no local session dropped: %s", e.getMessage());
        }
    }

    static Response page(int status, TemplateInstance page) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .entity(page)
                .build();
    }
}
