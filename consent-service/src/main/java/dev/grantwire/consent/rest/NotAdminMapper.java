package dev.grantwire.consent.rest;

import dev.grantwire.consent.client.NotAdminException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Someone who is not an organization admin opened an admin page: a plain 403 page. */
@Provider
public class NotAdminMapper implements ExceptionMapper<NotAdminException> {

    @Override
    public Response toResponse(NotAdminException exception) {
        return Pages.message(
                403,
                "Admins only",
                "Only administrators of your organization can open this page. Nothing was changed.",
                "/account");
    }
}
