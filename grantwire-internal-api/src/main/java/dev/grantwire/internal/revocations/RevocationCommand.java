package dev.grantwire.internal.revocations;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A revocation grant-service decided itself (code replay, refresh reuse, app disabled or deleted,
 * secret regenerated, policy switched off), idempotent by {@code commandId}: sending it again
 * records nothing new. {@code clientId} and {@code userId} name the app and user of a grant or
 * token revocation when the sender knows them (nullable).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevocationCommand(
        String commandId,
        String kind,
        String subject,
        String scope,
        String clientId,
        String userId,
        String reason,
        String actor) {}
