package dev.grantwire.internal.revocations;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An admin's revocation: {@code kind} {@code grant}, {@code client} or {@code user}, the {@code
 * subject} it names, the {@code scope} of an app-wide one ({@code tokens} or {@code grants}; null
 * for a grant) and an optional reason. For a grant, {@code ownership} is its ownership assertion
 * ({@link RevocationAssertions}), which names its user and app; null when the caller has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminRevocation(
        String kind, String subject, String scope, String reason, String ownership) {}
