package dev.grantwire.events;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON Schemas (draft 2020-12) of the event data, shipped as class-path resources in this jar
 * (and in the source tree under {@code src/main/resources}), for teams that validate records or
 * generate types in other languages. They describe the data only; headers are described in {@link
 * EventTypes}. Thread-safe.
 */
public final class EventSchemas {

    /** The schema of {@link EventTypes#REVOCATION_CREATED_V1} data. */
    public static final String REVOCATION_CREATED_V1 =
            "dev/grantwire/events/schema/revocation-created-v1.schema.json";

    /** The schema of {@link EventTypes#FEED_HEARTBEAT_V1} data. */
    public static final String FEED_HEARTBEAT_V1 =
            "dev/grantwire/events/schema/feed-heartbeat-v1.schema.json";

    private static final Map<String, String> BY_TYPE =
            Map.of(
                    EventTypes.REVOCATION_CREATED_V1, REVOCATION_CREATED_V1,
                    EventTypes.FEED_HEARTBEAT_V1, FEED_HEARTBEAT_V1);

    private EventSchemas() {}

    /**
     * The class-path resource of a type's schema.
     *
     * @param type a CloudEvents type
     * @return the resource path, or empty for a type this version does not know
     */
    public static Optional<String> resourceFor(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /**
     * Opens a type's schema.
     *
     * @param type a known CloudEvents type
     * @return a new stream the caller closes
     * @throws IllegalArgumentException if the type is unknown
     */
    public static InputStream open(String type) {
        String resource =
                resourceFor(type)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "no schema for event type '" + type + "'"));
        InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("schema resource missing from the jar: " + resource);
        }
        return in;
    }
}
