package dev.grantwire.consent.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Where the organization's provider sends the user back after "Sign out": the session is over here
 * and there, so this page needs no session and offers the way back in.
 */
@Path("/signed-out")
public class SignedOutResource {

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response signedOut() {
        return Pages.message(
                200,
                "You signed out",
                "You signed out of Grantwire and of your organization's sign-in. Apps you"
                        + " authorized keep their access until you revoke it.",
                "/account");
    }
}
