package dev.grantwire.examples.resource.rest;

import dev.grantwire.guard.VerifiedToken;
import dev.grantwire.guard.quarkus.CurrentToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Who is calling: the verified token's subject, client, scopes and grant (any valid token). */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    /** What {@code GET /api/me} answers. */
    public record Me(
            String subject,
            String clientId,
            List<String> scopes,
            String grantId,
            boolean delegated,
            long expiresAt) {}

    private final CurrentToken token;

    MeResource(CurrentToken token) {
        this.token = token;
    }

    /** The caller, as the token says. */
    @GET
    public Me me() {
        VerifiedToken verified = token.get();
        return new Me(
                verified.subject(),
                verified.clientId(),
                verified.scopes().stream().sorted().toList(),
                verified.grantId() == null ? null : verified.grantId().toString(),
                verified.isDelegated(),
                verified.expiresAtMillis() / 1000);
    }
}
