package dev.grantwire.revocation.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * grant-service's published keys ({@code grantwire.revocation.jwks-url}) and issuer ({@code
 * grantwire.revocation.issuer}), which sign both the service tokens of the internal APIs and the
 * revocation assertions. One key source for both, built at first use (the URL may name a port bound
 * after start), re-read on an unknown {@code kid}, and kept for an hour through an outage:
 * grant-service down must not stop revocations that carry something it signed before.
 */
final class GrantServiceKeys {

    static final String DEFAULT_ISSUER = "http://127.0.0.1:8081";
    static final String DEFAULT_JWKS_URL = "http://127.0.0.1:8081/oauth2/jwks";
    static final long OUTAGE_TOLERANCE_MILLIS = 60 * 60 * 1000;

    /** The allowed clock skew S on {@code exp}, in seconds. */
    static final int CLOCK_SKEW_SECONDS = 5;

    private static volatile JWKSource<SecurityContext> source;

    private GrantServiceKeys() {}

    static String issuer() {
        return ConfigProvider.getConfig()
                .getOptionalValue("grantwire.revocation.issuer", String.class)
                .orElse(DEFAULT_ISSUER);
    }

    /**
     * A processor of compact JWS of one {@code typ}, RS256, signed by a key of grant-service,
     * {@code iss} grant-service's issuer, with the required claims and at most S of skew on {@code
     * exp}.
     *
     * @param audience the audience the claims must name, or null to leave {@code aud} to the caller
     */
    static DefaultJWTProcessor<SecurityContext> processor(
            String type, String audience, Set<String> requiredClaims) throws MalformedURLException {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(type)));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source()));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(
                        audience,
                        new JWTClaimsSet.Builder().issuer(issuer()).build(),
                        requiredClaims);
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    private static JWKSource<SecurityContext> source() throws MalformedURLException {
        JWKSource<SecurityContext> current = source;
        if (current == null) {
            synchronized (GrantServiceKeys.class) {
                if (source == null) {
                    String url =
                            ConfigProvider.getConfig()
                                    .getOptionalValue("grantwire.revocation.jwks-url", String.class)
                                    .orElse(DEFAULT_JWKS_URL);
                    source =
                            JWKSourceBuilder.<SecurityContext>create(new URL(url))
                                    .outageTolerant(OUTAGE_TOLERANCE_MILLIS)
                                    .build();
                }
                current = source;
            }
        }
        return current;
    }
}
