package dev.grantwire.revocation.service;

import dev.grantwire.events.RevocationKind;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Command ids that make revoking the same grant or token again a replay of the first revocation
 * (same sequence, nothing new written): a dead grant or token stays dead, so one ledger row is
 * enough. App- and user-wide revocations never get one: revoking again must move the cutoff.
 */
final class OnceCommands {

    private OnceCommands() {}

    /** A name-based (version 3) UUID of the revocation key; never equal to a random command id. */
    static UUID of(RevocationKind kind, String subject) {
        if (kind != RevocationKind.GRANT && kind != RevocationKind.TOKEN) {
            throw new IllegalArgumentException("only grant and token revocations happen once");
        }
        return UUID.nameUUIDFromBytes(
                ("grantwire-revocation:" + kind.jsonName() + ":" + subject)
                        .getBytes(StandardCharsets.UTF_8));
    }
}
