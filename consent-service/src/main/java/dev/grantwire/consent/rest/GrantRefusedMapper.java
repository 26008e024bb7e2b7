package dev.grantwire.consent.rest;

import dev.grantwire.consent.client.GrantRefusedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** grant-service refused what a page asked for (400 or 404): its words on a plain page. */
@Provider
public class GrantRefusedMapper implements ExceptionMapper<GrantRefusedException> {

    @Override
    public Response toResponse(GrantRefusedException exception) {
        return Pages.message(
                400,
                "This cannot be done",
                exception.detail().isEmpty()
                        ? "The request was refused. Nothing was changed."
                        : "The request was refused: "
                                + exception.detail()
                                + ". Nothing was changed.",
                "/account");
    }
}
