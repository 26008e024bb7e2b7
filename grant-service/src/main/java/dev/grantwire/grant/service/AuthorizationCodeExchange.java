package dev.grantwire.grant.service;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.AuthorizationCode;
import dev.grantwire.grant.domain.Grant;
import dev.grantwire.grant.persistence.AuditRepository;
import dev.grantwire.grant.persistence.CodeRepository;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.protocol.CommittedOAuthException;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.Secrets;
import dev.grantwire.grant.protocol.TokenForm;
import dev.grantwire.protocol.Pkce;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code authorization_code} grant, <a
 * href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3">RFC 6749 section 4.1.3</a> with PKCE
 * (<a href="https://www.rfc-editor.org/rfc/rfc7636#section-4.6">RFC 7636 section 4.6</a>). The code
 * is redeemed by one atomic update; a second use kills the grant it produced (RFC 6749 section
 * 4.1.2), and that kill commits although the answer is an error.
 */
@ApplicationScoped
public class AuthorizationCodeExchange {

    private final CodeRepository codes;
    private final GrantRepository grants;
    private final AuditRepository audit;
    private final GrantRevoker revoker;
    private final FeedGate feedGate;
    private final TokenIssuer issuer;

    AuthorizationCodeExchange(
            CodeRepository codes,
            GrantRepository grants,
            AuditRepository audit,
            GrantRevoker revoker,
            FeedGate feedGate,
            TokenIssuer issuer) {
        this.codes = codes;
        this.grants = grants;
        this.audit = audit;
        this.revoker = revoker;
        this.feedGate = feedGate;
        this.issuer = issuer;
    }

    @Transactional(dontRollbackOn = CommittedOAuthException.class)
    public String exchange(App client, TokenForm form) {
        GrantTypes.require(client, "authorization_code");
        feedGate.requireFresh();
        String code = form.required("code");
        String redirectUri = form.required("redirect_uri");
        String verifier = form.single("code_verifier");
        if (verifier == null) {
            throw OAuthException.invalidRequest("code_verifier is missing (PKCE is required)");
        }
        byte[] hash = Secrets.sha256(code);
        Optional<AuthorizationCode> redeemed = codes.redeem(hash, client.clientId());
        if (redeemed.isEmpty()) {
            Optional<AuthorizationCode> known = codes.find(hash);
            if (known.isPresent()
                    && known.get().used()
                    && known.get().clientId().equals(client.clientId())) {
                revoker.kill(known.get().grantId(), "authorization code replayed");
                throw new CommittedOAuthException("authorization code was already used");
            }
            throw OAuthException.invalidGrant("authorization code is invalid or expired");
        }
        AuthorizationCode redeemedCode = redeemed.get();
        // Failures below roll the redemption back: the code stays usable by its rightful holder.
        if (!redeemedCode.redirectUri().equals(redirectUri)) {
            throw OAuthException.invalidGrant(
                    "redirect_uri does not match the authorization request");
        }
        if (!Pkce.verify(verifier, redeemedCode.codeChallenge())) {
            throw OAuthException.invalidGrant("code_verifier does not match the code_challenge");
        }
        Grant grant =
                grants.lock(redeemedCode.grantId())
                        .filter(Grant::isActive)
                        .filter(g -> g.clientId().equals(client.clientId()))
                        .orElseThrow(
                                () -> OAuthException.invalidGrant("authorization was revoked"));
        String body =
                issuer.delegated(
                        new TokenIssuer.Delegated(
                                client,
                                grant,
                                redeemedCode.scopes(),
                                redeemedCode.scopes(),
                                redeemedCode.nonce(),
                                redeemedCode.authTime(),
                                Secrets.newSecret(),
                                Instant.now().plus(issuer.refreshLifetime(grant)),
                                true));
        audit.append(
                "client:" + client.clientId(), "code.redeemed", "grant:" + grant.grantId(), null);
        return body;
    }
}
