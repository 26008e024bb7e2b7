package dev.grantwire.internal.revocations;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An admin's revocation: {@code kind} {@code grant}, {@code client} or {@code user}, the {@code
 * subject} it names, the {@code scope} of an app-wide one ({@code tokens} or {@code grants}; null
 * for a grant) and an optional reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminRevocation(String kind, String subject, String scope, String reason) {}
