/**
 * The Grantwire revocation feed contract: the one place where the topic, its CloudEvents types and
 * headers, the payload records and their JSON encoding are defined.
 *
 * <p>Producers (revocation-service) and consumers (grantwire-guard, grant-service, any team's own
 * reader) use {@link dev.grantwire.events.FeedCodec} to turn a {@link
 * dev.grantwire.events.FeedEvent} into a Kafka record and back. Records travel in CloudEvents 1.0
 * binary content mode, as described by the <a
 * href="https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md">CloudEvents
 * Kafka protocol binding</a>: the event attributes are {@code ce_*} headers, the data is the record
 * value (UTF-8 JSON).
 *
 * <p>This package depends on nothing but the JDK and jackson-databind, so it works in any JVM
 * framework; Kafka headers are exchanged as {@code Map<String, String>} (UTF-8 text) and values as
 * {@code byte[]}, and each consumer adapts its client's types.
 *
 * <p>Unless a type says otherwise, every parameter and return value is non-null, and times are
 * epoch milliseconds UTC.
 */
package dev.grantwire.events;
