package dev.grantwire.consent.client;

import dev.grantwire.consent.config.ConsentConfig;
import dev.grantwire.internal.ClientCredentialsToken;
import dev.grantwire.internal.InternalClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;

/**
 * consent-service's one service token (client credentials at grant-service, scope {@value #SCOPE})
 * and the internal APIs it calls with it.
 */
@ApplicationScoped
public class InternalApis {

    static final String SCOPE = "grants.internal revocations.internal";

    private final ConsentConfig config;
    private final ClientCredentialsToken token;

    InternalApis(ConsentConfig config) {
        this.config = config;
        ConsentConfig.GrantService grantService = config.grantService();
        this.token =
                new ClientCredentialsToken(
                        this::grantService,
                        grantService.timeout(),
                        grantService.clientId(),
                        grantService::clientSecret,
                        SCOPE,
                        grantService.tokenRenewal(),
                        Clock.systemUTC());
    }

    /** One of grant-service's internal APIs. */
    <A> InternalClient<A> grantService(Class<A> api) {
        return InternalClient.of(api, this::grantService, config.grantService().timeout(), token);
    }

    /** One of revocation-service's internal APIs. */
    <A> InternalClient<A> revocationService(Class<A> api) {
        return InternalClient.of(
                api,
                () -> URI.create(config.revocationService().url()),
                config.grantService().timeout(),
                token);
    }

    private URI grantService() {
        return URI.create(config.grantService().url());
    }
}
