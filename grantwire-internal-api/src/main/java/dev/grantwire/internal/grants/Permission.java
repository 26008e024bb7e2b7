package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One permission in the words users read, from grant-service's catalog: the one place where the
 * wording is configured.
 *
 * @param group the resource it belongs to on the pages (e.g. {@code Work items}); the answers list
 *     permissions group by group, in the order the pages show the groups
 * @param writes whether it lets the app change data
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Permission(String scope, String description, String group, boolean writes) {}
