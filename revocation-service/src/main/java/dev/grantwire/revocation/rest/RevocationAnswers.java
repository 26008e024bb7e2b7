package dev.grantwire.revocation.rest;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.revocation.service.RevocationRecorder.Recorded;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to a recorded revocation of the user and admin APIs: 201 when recorded now, 200 when
 * it replays an earlier record; always the ledger {@code sequence} (consent-service passes it on
 * for read-your-writes).
 */
final class RevocationAnswers {

    private RevocationAnswers() {}

    static Response of(Recorded recorded) {
        RevocationEvent event = recorded.event();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sequence", recorded.sequence());
        answer.put("eventId", recorded.eventId().toString());
        answer.put("kind", event.kind().jsonName());
        answer.put("subject", event.subject());
        if (event.scope() != null) {
            answer.put("scope", event.scope().jsonName());
        }
        answer.put("revokedAt", event.revokedAt());
        if (event.cutoff() != null) {
            answer.put("cutoff", event.cutoff());
        }
        answer.put("expiresAt", event.expiresAt());
        return Response.status(recorded.replayed() ? 200 : 201)
                .type(MediaType.APPLICATION_JSON)
                .entity(answer)
                .build();
    }
}
