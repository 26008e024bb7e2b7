package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.ProblemException;
import dev.grantwire.internal.grants.AppView;
import dev.grantwire.internal.grants.AppsApi;

/** {@link AppsApi}: an app as consent-service needs it for a request and the approval page. */
@InternalApi
public class InternalAppsResource implements AppsApi {

    private final AppRepository apps;
    private final PermissionCatalog catalog;

    InternalAppsResource(AppRepository apps, PermissionCatalog catalog) {
        this.apps = apps;
        this.catalog = catalog;
    }

    @Override
    public AppView app(String clientId) {
        return view(
                catalog,
                apps.find(clientId)
                        .filter(a -> !a.internal())
                        .orElseThrow(() -> ProblemException.notFound("unknown client")));
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
                catalog.consentableWording(app.allowedScopes()));
    }
}
