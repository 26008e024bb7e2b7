package dev.grantwire.consent.rest;

import dev.grantwire.consent.domain.SignedInUser;
import dev.grantwire.consent.security.SignedInUsers;
import dev.grantwire.consent.service.ApprovalPage;
import dev.grantwire.consent.service.AuthorizeService;
import dev.grantwire.consent.service.Outcome;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.UnauthorizedException;
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
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The authorization endpoint (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.1">RFC 6749
 * section 3.1</a>) and the approval page. {@code GET /oauth2/authorize} is open to anyone, so that
 * a bad request is refused before a sign-in; a valid one from nobody signed in raises {@link
 * UnauthorizedException}, and quarkus-oidc sends the browser to the organization's provider and
 * back to the same URL. The continue and decision steps are for signed-in users only. Thin: the
 * rules live in {@link AuthorizeService}.
 */
@Path("/oauth2/authorize")
@Produces(MediaType.TEXT_HTML)
public class AuthorizeResource {

    private static final Logger LOG = Logger.getLogger(AuthorizeResource.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance approval(ApprovalPage page);

        static native TemplateInstance error(String title, String message, URI returnTo);

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
                        uri.getQueryParameters(), () -> users.current(identity), authTime()));
    }

    @GET
    @Path("continue")
    public Response resume(@QueryParam("request") String requestId) {
        return answer(authorize.resume(requestId, user(), requireAuthTime()));
    }

    @POST
    @Path("decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(
            @FormParam("request") String requestId,
            @FormParam("csrf_token") String csrfToken,
            @FormParam("decision") String decision) {
        return answer(authorize.decide(requestId, csrfToken, decision, user(), requireAuthTime()));
    }

    /** Where a browser lands if its decision had to wait for a sign-in (a GET after the POST). */
    @GET
    @Path("decision")
    public Response decisionWithoutForm() {
        return page(
                400,
                Templates.error(
                        "Nothing was decided",
                        "Your answer did not reach us. Go back to the app and start again.",
                        null));
    }

    private SignedInUser user() {
        return users.current(identity);
    }

    /**
     * When the signed-in user last authenticated at the provider: the ID token's {@code auth_time}
     * (OpenID Connect Core section 2), else its {@code iat} for a provider that sends none (a
     * refreshed ID token's {@code iat} is later than the sign-in, so such a provider gets less
     * strict checks); empty when nobody is signed in.
     */
    private Optional<Instant> authTime() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken)) {
            return Optional.empty();
        }
        JsonWebToken idToken = (JsonWebToken) identity.getPrincipal();
        Long authTime = seconds(idToken.getClaim("auth_time"));
        long seconds = authTime != null ? authTime : idToken.getIssuedAtTime();
        return Optional.of(Instant.ofEpochSecond(Math.max(0, seconds)));
    }

    private Instant requireAuthTime() {
        return authTime().orElseThrow(UnauthorizedException::new);
    }

    /** A numeric claim as whole seconds, however the token library represents it; else null. */
    private static Long seconds(Object claim) {
        if (claim == null) {
            return null;
        }
        try {
            return new java.math.BigDecimal(claim.toString()).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Response answer(Outcome outcome) {
        switch (outcome.kind()) {
            case APPROVAL:
                return page(200, Templates.approval(outcome.page()));
            case REDIRECT:
                return Response.seeOther(outcome.redirect())
                        .header("Cache-Control", "no-store")
                        .build();
            case SIGN_IN:
                // quarkus-oidc answers with the redirect to the provider, and restores this URL.
                throw new UnauthorizedException();
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
                        Templates.error(
                                "This request cannot be completed",
                                outcome.message(),
                                outcome.redirect()));
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
