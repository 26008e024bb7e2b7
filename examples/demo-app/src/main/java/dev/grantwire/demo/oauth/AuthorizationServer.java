package dev.grantwire.demo.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.grantwire.demo.config.DemoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * grant-service as any standard client sees it: its endpoints from the issuer's metadata (RFC
 * 8414), the code exchange with the PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5) and refresh (RFC
 * 6749 §6), authenticated with client_secret_basic. All through nimbus oauth2-oidc-sdk.
 *
 * <p>Thread-safe; the metadata is fetched on first use and kept once it was read.
 */
@ApplicationScoped
public class AuthorizationServer {

    private final DemoConfig config;
    private final Clock clock = Clock.systemUTC();
    private volatile AuthorizationServerMetadata metadata;

    protected AuthorizationServer(DemoConfig config) {
        this.config = config;
    }

    /** Where to send the browser: the configured override, else the issuer's metadata. */
    public URI authorizationEndpoint() {
        return config.authorizeUrl().orElseGet(() -> metadata().getAuthorizationEndpointURI());
    }

    /** Redeems an authorization code with its PKCE verifier. */
    public Tokens exchange(String code, CodeVerifier verifier) {
        return request(
                new AuthorizationCodeGrant(
                        new AuthorizationCode(code), config.redirectUri(), verifier),
                null);
    }

    /** Trades a refresh token for new tokens; the old refresh token is kept if none is returned. */
    public Tokens refresh(String refreshToken) {
        return request(new RefreshTokenGrant(new RefreshToken(refreshToken)), refreshToken);
    }

    private Tokens request(AuthorizationGrant grant, String previousRefreshToken) {
        TokenRequest request =
                new TokenRequest.Builder(
                                metadata().getTokenEndpointURI(),
                                new ClientSecretBasic(
                                        new ClientID(config.clientId()),
                                        new Secret(config.clientSecret())),
                                grant)
                        .build();
        TokenResponse response;
        try {
            response = TokenResponse.parse(request.toHTTPRequest().send());
        } catch (IOException e) {
            throw new TokenEndpointException("unreachable", e.getMessage());
        } catch (ParseException e) {
            throw new TokenEndpointException("invalid_response", e.getMessage());
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = response.toErrorResponse().getErrorObject();
            throw new TokenEndpointException(
                    error.getCode() == null ? "server_error" : error.getCode(),
                    error.getDescription());
        }
        AccessToken access = response.toSuccessResponse().getTokens().getAccessToken();
        RefreshToken refresh = response.toSuccessResponse().getTokens().getRefreshToken();
        Instant expiresAt = clock.instant().plusSeconds(Math.max(access.getLifetime(), 0));
        return new Tokens(
                access.getValue(),
                refresh == null ? previousRefreshToken : refresh.getValue(),
                expiresAt);
    }

    private AuthorizationServerMetadata metadata() {
        AuthorizationServerMetadata known = metadata;
        if (known != null) {
            return known;
        }
        try {
            known = AuthorizationServerMetadata.resolve(new Issuer(config.issuer()), 2000, 5000);
        } catch (GeneralException | IOException e) {
            throw new TokenEndpointException("unreachable", "no metadata: " + e.getMessage());
        }
        metadata = known;
        return known;
    }
}
