package dev.grantwire.internal.grants;

import java.util.List;

/** What the upstream provider asserted at a user's sign-in. */
public record SignIn(
        String issuer, String subject, String name, String email, List<String> roles) {}
