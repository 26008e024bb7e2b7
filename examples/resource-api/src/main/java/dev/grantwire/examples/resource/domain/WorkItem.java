package dev.grantwire.examples.resource.domain;

import java.time.Instant;

/**
 * A work item owned by one Grantwire user.
 *
 * @param id its id
 * @param ownerId the owner's Grantwire user id (the {@code sub} of the token that created it)
 * @param title what to do
 * @param state {@code new}, {@code active} or {@code done}
 * @param createdAt when it was created
 */
public record WorkItem(long id, String ownerId, String title, String state, Instant createdAt) {

    /** The longest title accepted. */
    public static final int MAX_TITLE_LENGTH = 200;
}
