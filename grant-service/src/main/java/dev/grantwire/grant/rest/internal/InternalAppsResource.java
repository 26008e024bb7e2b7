package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.GrantQueries;
import dev.grantwire.internal.grants.AppView;
import dev.grantwire.internal.grants.AppsApi;

/** {@link AppsApi}: an app as consent-service needs it for a request and the approval page. */
@InternalApi
public class InternalAppsResource implements AppsApi {

    private final GrantQueries queries;
    private final PermissionCatalog catalog;

    InternalAppsResource(GrantQueries queries, PermissionCatalog catalog) {
        this.queries = queries;
        this.catalog = catalog;
    }

    @Override
    public AppView app(String clientId) {
        return view(catalog, queries.thirdPartyApp(clientId));
    }

    static AppView view(PermissionCatalog catalog, App app) {
        return new AppView(
                app.clientId(),
                app.name(),
                app.publisher(),
                app.website(),
                app.logoUri(),
                app.description(),
                app.redirectUris(),
                app.allowedScopes(),
                app.isPublic(),
                app.type(),
                app.isEnabled(),
                catalog.consentableWording(app.allowedScopes()),
                app.dynamicallyRegistered());
    }
}
