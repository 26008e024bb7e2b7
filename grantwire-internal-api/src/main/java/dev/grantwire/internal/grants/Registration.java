package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The client metadata of a new app (<a href="https://www.rfc-editor.org/rfc/rfc7591#section-2">RFC
 * 7591 section 2</a>), with Grantwire's {@code publisher}, {@code description} and {@code
 * grantwire_app_type}: the body of {@code POST /oauth2/register} and of the admin registration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Registration(
        @JsonProperty("client_name") String clientName,
        @JsonProperty("publisher") String publisher,
        @JsonProperty("client_uri") String clientUri,
        @JsonProperty("logo_uri") String logoUri,
        @JsonProperty("description") String description,
        @JsonProperty("redirect_uris") List<String> redirectUris,
        @JsonProperty("grant_types") List<String> grantTypes,
        @JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
        @JsonProperty("scope") String scope,
        @JsonProperty("grantwire_app_type") String appType) {}
