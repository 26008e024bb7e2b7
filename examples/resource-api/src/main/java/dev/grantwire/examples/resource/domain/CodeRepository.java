package dev.grantwire.examples.resource.domain;

/**
 * A code repository (demo data).
 *
 * @param name its name
 * @param defaultBranch its default branch
 * @param visibility {@code private} or {@code public}
 */
public record CodeRepository(String name, String defaultBranch, String visibility) {}
