package dev.grantwire.consent.rest;

import dev.grantwire.consent.config.ConsentConfig;
import dev.grantwire.consent.security.SignedOutSessions;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The signed-in user's own page: who the organization's provider says they are. */
@Path("/account")
public class AccountResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance account(
                String name, String email, boolean admin, String csrfToken);
    }

    @Inject @IdToken JsonWebToken idToken;
    @Inject SecurityIdentity identity;
    @Inject ConsentConfig config;
    @Inject SignedOutSessions signedOut;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance account() {
        String name = idToken.<String>getClaim("name");
        return Templates.account(
                name != null ? name : idToken.getName(),
                idToken.<String>getClaim("email"),
                identity.hasRole(config.adminRole()),
                signedOut.csrfToken(idToken));
    }
}
