package dev.grantwire.revocation.rest;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.internal.revocations.Recorded;
import dev.grantwire.revocation.service.RevocationRecorder;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The answer to a recorded revocation of the user, admin and command APIs: 201 when recorded now,
 * 200 when it replays an earlier record; always the ledger {@code sequence} (consent-service passes
 * it on for read-your-writes).
 */
final class RevocationAnswers {

    private RevocationAnswers() {}

    static RestResponse<Recorded> of(RevocationRecorder.Recorded recorded) {
        RevocationEvent event = recorded.event();
        Recorded answer =
                new Recorded(
                        recorded.sequence(),
                        recorded.eventId().toString(),
                        event.kind().jsonName(),
                        event.subject(),
                        event.scope() == null ? null : event.scope().jsonName(),
                        event.revokedAt(),
                        event.cutoff(),
                        event.expiresAt());
        return RestResponse.status(
                recorded.replayed() ? Response.Status.OK : Response.Status.CREATED, answer);
    }
}
