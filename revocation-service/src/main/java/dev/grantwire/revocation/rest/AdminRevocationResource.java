package dev.grantwire.revocation.rest;

import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.internal.InternalHeaders;
import dev.grantwire.internal.revocations.AdminRevocation;
import dev.grantwire.internal.revocations.AdminRevocationsApi;
import dev.grantwire.internal.revocations.Recorded;
import dev.grantwire.revocation.security.InternalApi;
import dev.grantwire.revocation.service.AdminRevocations;
import dev.grantwire.revocation.service.RefusedException;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@link AdminRevocationsApi}: called by consent-service's admin pages with its service token;
 * grant-service decides whether the acting user is an admin (403 otherwise, nothing recorded). See
 * {@link AdminRevocations}.
 */
@InternalApi(InternalApi.Callers.USERS_AND_ADMINS)
public class AdminRevocationResource implements AdminRevocationsApi {

    private final AdminRevocations revocations;

    AdminRevocationResource(AdminRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public RestResponse<Recorded> revoke(
            String actingUser, String adminAssertion, AdminRevocation revocation) {
        UUID admin = actingUser(actingUser);
        return RevocationAnswers.of(revocations.revoke(admin, adminAssertion, parse(revocation)));
    }

    private static UUID actingUser(String header) {
        if (header == null || header.isBlank()) {
            throw RefusedException.forbidden(
                    InternalHeaders.ACTING_USER + " must name the acting admin");
        }
        try {
            return UUID.fromString(header.trim());
        } catch (IllegalArgumentException e) {
            throw RefusedException.forbidden(
                    InternalHeaders.ACTING_USER + " must be a Grantwire user id");
        }
    }

    private static AdminRevocations.Request parse(AdminRevocation body) {
        if (body == null) {
            throw RefusedException.badRequest("a JSON object is required");
        }
        RevocationKind kind;
        RevocationScope scope;
        try {
            kind = RevocationKind.fromJsonName(required(body.kind(), "kind"));
            scope = body.scope() == null ? null : RevocationScope.fromJsonName(body.scope());
        } catch (IllegalArgumentException e) {
            // The contract's message quotes the caller's value; this answer does not.
            throw RefusedException.badRequest(
                    "kind must be grant, client or user, and scope tokens or grants");
        }
        return new AdminRevocations.Request(
                kind, required(body.subject(), "subject"), scope, body.reason(), body.ownership());
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw RefusedException.badRequest(field + " is required");
        }
        return value;
    }
}
