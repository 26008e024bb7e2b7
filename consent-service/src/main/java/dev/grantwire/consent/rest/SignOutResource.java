package dev.grantwire.consent.rest;

import dev.grantwire.consent.security.SignedOutSessions;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * "Sign out", a POST with the form's CSRF token only (a link or an image elsewhere cannot sign
 * anyone out): the session is recorded as signed out for every replica ({@link SignedOutSessions}),
 * the local session cookie dropped, and the browser sent to the provider's end-session endpoint
 * (OpenID Connect RP-initiated logout, the ID token as hint), which sends it back to {@code
 * /signed-out}.
 */
@Path("/sign-out")
public class SignOutResource {

    private static final Logger LOG = Logger.getLogger(SignOutResource.class);

    @Inject SecurityIdentity identity;
    @Inject SignedOutSessions signedOut;
    @Inject OidcSession session;
    @Inject Instance<OidcConfigurationMetadata> provider;

    @ConfigProperty(name = "quarkus.oidc.client-id")
    String clientId;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response signOut(@FormParam("csrf_token") String csrfToken, @Context UriInfo uri) {
        JsonWebToken idToken =
                SignedOutSessions.idToken(identity).orElseThrow(UnauthorizedException::new);
        if (!signedOut.csrfMatches(idToken, csrfToken)) {
            return Pages.message(
                    403,
                    "You are still signed in",
                    "This sign-out form could not be verified, so nothing was done. Sign out from"
                            + " your account page.",
                    "/account");
        }
        signedOut.signOut(idToken);
        dropLocalSession();
        URI back = uri.getBaseUriBuilder().path("signed-out").build();
        URI endSession = endSessionUri();
        if (endSession == null) {
            return Response.seeOther(back).header("Cache-Control", "no-store").build();
        }
        return Response.seeOther(
                        UriBuilder.fromUri(endSession)
                                .queryParam("id_token_hint", idToken.getRawToken())
                                .queryParam("client_id", clientId)
                                .queryParam("post_logout_redirect_uri", back)
                                .build())
                .header("Cache-Control", "no-store")
                .build();
    }

    private void dropLocalSession() {
        try {
            session.logout().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // No OIDC session here (tests without a provider): the record above still holds.
            LOG.debugf("no local session dropped: %s", e.getMessage());
        }
    }

    /** The provider's end-session endpoint, or null when it has none or none is configured. */
    private URI endSessionUri() {
        try {
            String endSession = provider.get().getEndSessionUri();
            return endSession == null ? null : URI.create(endSession);
        } catch (RuntimeException e) {
            LOG.debugf("no end-session endpoint: %s", e.getMessage());
            return null;
        }
    }
}
