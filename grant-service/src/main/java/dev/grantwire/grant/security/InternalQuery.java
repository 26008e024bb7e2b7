package dev.grantwire.grant.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link InternalApi} method that changes nothing although it is a POST (its body carries
 * secrets, which must never travel in a URL), and that only the named internal clients may call,
 * whatever the writer list says ({@link InternalApiFilter}, 403 for anyone else).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface InternalQuery {

    /** Client ids of the internal clients allowed to call the method. */
    String[] callers();
}
