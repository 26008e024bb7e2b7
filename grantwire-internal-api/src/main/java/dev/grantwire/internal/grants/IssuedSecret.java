package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A client secret made by grant-service, shown this once. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssuedSecret(@JsonProperty("client_secret") String clientSecret) {}
