package dev.grantwire.grant.service;

import dev.grantwire.grant.persistence.AppliedRevocationRepository;
import dev.grantwire.grant.persistence.CodeRepository;
import dev.grantwire.grant.persistence.RefreshTokenRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes what must not outlive its purpose: grace-period responses once the period is over (they
 * hold live tokens, encrypted), expired codes and expired refresh tokens, applied revocations whose
 * tokens have all expired. Every replica may run it; the statements are idempotent.
 */
@ApplicationScoped
public class Housekeeping {

    /** Used codes stay a while after expiry, so a late replay is still recognized and kills. */
    static final Duration CODE_KEEP = Duration.ofMinutes(10);

    /** Read-your-writes waits at most B for a sequence; an hour is plenty. */
    static final Duration APPLIED_SEQUENCE_KEEP = Duration.ofHours(1);

    private final RefreshTokenRepository refreshTokens;
    private final CodeRepository codes;
    private final AppliedRevocationRepository revocations;

    Housekeeping(
            RefreshTokenRepository refreshTokens,
            CodeRepository codes,
            AppliedRevocationRepository revocations) {
        this.refreshTokens = refreshTokens;
        this.codes = codes;
        this.revocations = revocations;
    }

    @Scheduled(every = "${grantwire.housekeeping.interval:1s}", delayed = "1s")
    @Transactional
    void dropExpiredGraceResponses() {
        refreshTokens.dropExpiredGraceResponses();
    }

    @Scheduled(every = "5m", delayed = "1m")
    @Transactional
    void deleteExpired() {
        Instant now = Instant.now();
        codes.deleteExpiredBefore(now.minus(CODE_KEEP));
        refreshTokens.deleteExpiredBefore(now);
        revocations.prune(APPLIED_SEQUENCE_KEEP);
    }
}
