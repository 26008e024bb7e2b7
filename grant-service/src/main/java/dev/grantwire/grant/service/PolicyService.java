package dev.grantwire.grant.service;

import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.grant.domain.OrgPolicy;
import dev.grantwire.grant.persistence.PolicyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The org policy and the hard limits no policy can lift. */
@ApplicationScoped
public class PolicyService {

    private final PolicyRepository repository;
    private final TokensConfig tokens;

    PolicyService(PolicyRepository repository, TokensConfig tokens) {
        this.repository = repository;
        this.tokens = tokens;
    }

    /** The current policy (the row bootstrap stores on first start). */
    public OrgPolicy current() {
        return repository.find().orElseGet(this::initial);
    }

    /** The policy configuration seeds on first start. */
    public OrgPolicy initial() {
        return new OrgPolicy(
                true,
                true,
                tokens.accessTokenLifetime(),
                tokens.refreshTokenLifetime(),
                tokens.legacyRefreshTokenLifetime());
    }

    /**
     * Refuses an access-token lifetime above the 90-minute cap: every revocation bound in the
     * system depends on it.
     */
    public static void checkAccessTokenLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalStateException(
                    "grantwire.tokens.access-token-lifetime must be positive, it is " + lifetime);
        }
        if (lifetime.compareTo(TokensConfig.ACCESS_TOKEN_CAP) > 0) {
            throw new IllegalStateException(
                    "grantwire.tokens.access-token-lifetime is "
                            + lifetime
                            + ", above the hard cap of 90 minutes (PT1H30M): lower it. Revocations"
                            + " are remembered only as long as a token can live.");
        }
    }

    /** The same rule for an admin's policy change: a 400, not a start failure. */
    public static void checkAccessTokenLifetimeForPolicy(Duration lifetime) {
        if (lifetime == null
                || lifetime.isNegative()
                || lifetime.isZero()
                || lifetime.compareTo(TokensConfig.ACCESS_TOKEN_CAP) > 0) {
            throw ProblemException.badRequest(
                    "the access-token lifetime must be positive and at most 90 minutes");
        }
    }
}
