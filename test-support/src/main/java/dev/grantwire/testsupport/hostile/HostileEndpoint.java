package dev.grantwire.testsupport.hostile;

/**
 * An endpoint the hostile suite attacks: where it listens, the error shape it documents, how it
 * would show a forged token accepted, and a base request that is already refused (an unknown code,
 * a wrong secret, a missing field), so no mutation can turn it into one that changes stored state.
 */
public record HostileEndpoint(
        String name, int port, Shape shape, Verdict.ForgeryCheck forgery, Draft base) {}
