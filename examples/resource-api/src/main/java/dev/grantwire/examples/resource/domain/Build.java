package dev.grantwire.examples.resource.domain;

/**
 * A build of a repository (demo data).
 *
 * @param id its number
 * @param repository the repository built
 * @param status {@code succeeded}, {@code failed} or {@code running}
 */
public record Build(long id, String repository, String status) {}
