package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** One entry of grant-service's audit trail of apps, grants and policy. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditEntry(
        long id, Instant at, String actor, String action, String target, String detail) {}
