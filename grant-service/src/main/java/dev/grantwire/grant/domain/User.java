package dev.grantwire.grant.domain;

import java.util.List;
import java.util.UUID;

/** A user as recorded at the last sign-in through the upstream identity provider. */
public record User(
        UUID userId,
        String issuer,
        String subject,
        String displayName,
        String email,
        List<String> roles) {}
