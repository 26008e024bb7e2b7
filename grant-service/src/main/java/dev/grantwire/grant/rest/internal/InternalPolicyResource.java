package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.OrgPolicy;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.PolicyService;
import dev.grantwire.internal.grants.PolicyApi;
import dev.grantwire.internal.grants.PolicySwitches;

/**
 * {@link PolicyApi}: consent-service tells a user that third-party access is switched off before it
 * shows the approval page. Changing the policy stays an admin action ({@link
 * InternalAdminResource}).
 */
@InternalApi
public class InternalPolicyResource implements PolicyApi {

    private final PolicyService policy;

    InternalPolicyResource(PolicyService policy) {
        this.policy = policy;
    }

    @Override
    public PolicySwitches switches() {
        OrgPolicy current = policy.current();
        return new PolicySwitches(current.thirdPartyAccess(), current.legacyAppsAllowed());
    }
}
