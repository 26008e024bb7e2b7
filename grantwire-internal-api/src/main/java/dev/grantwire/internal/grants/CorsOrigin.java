package dev.grantwire.internal.grants;

/**
 * Whether a browser origin may read the answers of the public OAuth endpoints a single-page app
 * calls: true for the origin of a registered redirect URI of an enabled public client.
 */
public record CorsOrigin(boolean allowed) {}
