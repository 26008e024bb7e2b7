package dev.grantwire.internal.grants;

import dev.grantwire.internal.InternalHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * grant-service: admin actions, each for the acting user named in {@value
 * InternalHeaders#ACTING_USER}. grant-service decides itself whether that user is an admin: 403
 * problem otherwise, nothing changed. An unknown app is a 404 problem, bad input a 400 problem.
 */
@Path("/internal/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public interface AdminApi {

    /** Registers an app with the metadata and answer of {@code /oauth2/register}: 201. */
    @POST
    @Path("apps")
    @Consumes(MediaType.APPLICATION_JSON)
    RestResponse<Registered> register(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser, Registration registration);

    /** Every grant, optionally of one user and/or one app, newest first. */
    @GET
    @Path("grants")
    List<GrantView> grants(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser,
            @QueryParam("userId") UUID userId,
            @QueryParam("clientId") String clientId,
            @QueryParam("limit") @DefaultValue("100") int limit);

    /** Every third-party app. */
    @GET
    @Path("apps")
    List<AppView> apps(@HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser);

    /** One app. */
    @GET
    @Path("apps/{clientId}")
    AppView app(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser,
            @PathParam("clientId") String clientId);

    /** Changes an app's details. */
    @PUT
    @Path("apps/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    AppView update(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser,
            @PathParam("clientId") String clientId,
            AppDetails details);

    /** Disables an app: its tokens die (a revocation of scope {@code tokens}). */
    @POST
    @Path("apps/{clientId}/disable")
    void disable(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser,
            @PathParam("clientId") String clientId);

    /** Enables an app again. */
    @POST
    @Path("apps/{clientId}/enable")
    void enable(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser,
            @PathParam("clientId") String clientId);

    /** Deletes an app: every grant of it dies (a revocation of scope {@code grants}). */
    @DELETE
    @Path("apps/{clientId}")
    void delete(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser,
            @PathParam("clientId") String clientId);

    /** A second secret; the old one keeps working for {@code overlapSeconds}. */
    @POST
    @Path("apps/{clientId}/secret/rotate")
    IssuedSecret rotateSecret(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser,
            @PathParam("clientId") String clientId,
            @QueryParam("overlapSeconds") @DefaultValue("86400") long overlapSeconds);

    /** A new secret at once: the old ones and every token of the app die. */
    @POST
    @Path("apps/{clientId}/secret/regenerate")
    IssuedSecret regenerateSecret(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser,
            @PathParam("clientId") String clientId);

    /** Publishes a new signing key, which signs once JWKS caches have seen it. */
    @POST
    @Path("keys/rotate")
    SigningKeyRotated rotateSigningKey(@HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser);

    /** The organization policy. */
    @GET
    @Path("policy")
    PolicyView policy(@HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser);

    /** Replaces the whole policy (every field required). */
    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    PolicyView updatePolicy(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser, PolicyView policy);

    /** grant-service's audit trail, newest first, optionally of one target. */
    @GET
    @Path("audit")
    List<AuditEntry> audit(
            @HeaderParam(InternalHeaders.ACTING_USER) UUID actingUser,
            @QueryParam("target") String target,
            @QueryParam("limit") @DefaultValue("100") int limit);
}
