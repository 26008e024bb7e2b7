package dev.grantwire.testsupport.feed;

import dev.grantwire.testsupport.service.ServiceMetrics;
import dev.grantwire.testsupport.service.ServiceProcess;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus histogram as a service's {@code /q/metrics} shows it at one moment: cumulative
 * counts by bucket. Two snapshots subtracted give the distribution of what happened in between.
 * Used for the guard's own measure of propagation ({@link #guard}: from a revocation's {@code
 * revokedAt}, the database clock inside revocation-service's transaction, to the moment the guard
 * applied it) and for revocation-service's send-to-acknowledgement time.
 */
public final class MetricHistogram {

    /** The guard's {@code revokedAt → applied} histogram. */
    public static final String GUARD_APPLY_LATENCY = "grantwire_guard_apply_latency_seconds";

    /** revocation-service's send → broker acknowledgement histogram (label {@code path}). */
    public static final String REVOCATION_PUBLISH_LATENCY =
            "grantwire_revocation_publish_latency_seconds";

    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /** Cumulative counts by upper bound in seconds ({@code +Inf} as infinity). */
    private final TreeMap<Double, Double> buckets;

    private MetricHistogram(TreeMap<Double, Double> buckets) {
        this.buckets = buckets;
    }

    /** A guard instance's apply-latency histogram now. */
    public static MetricHistogram guard(ServiceProcess instance) {
        return read(instance, GUARD_APPLY_LATENCY, "");
    }

    /**
     * A histogram of a service now, read from its management interface.
     *
     * @param service the service
     * @param metric the Prometheus name without {@code _bucket}
     * @param selector a label that must appear on the bucket lines, e.g. {@code path="commit"}, or
     *     "" for any
     */
    public static MetricHistogram read(ServiceProcess service, String metric, String selector) {
        String metrics = ServiceMetrics.scrape(service);
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String prefix = metric + "_bucket{";
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(prefix) || !line.contains(selector)) {
                continue;
            }
            Matcher le = LE.matcher(line);
            if (!le.find()) {
                continue;
            }
            double bound =
                    "+Inf".equals(le.group(1))
                            ? Double.POSITIVE_INFINITY
                            : Double.parseDouble(le.group(1));
            buckets.merge(bound, ServiceMetrics.sample(line), Double::sum);
        }
        return new MetricHistogram(buckets);
    }

    /** What was observed between {@code earlier} and this snapshot. */
    public MetricHistogram since(MetricHistogram earlier) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            delta.put(
                    bucket.getKey(),
                    bucket.getValue() - earlier.buckets.getOrDefault(bucket.getKey(), 0.0));
        }
        return new MetricHistogram(delta);
    }

    public double count() {
        return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
    }

    /** The upper bound (ms) of the bucket holding the q-th percentile: a ceiling, not a point. */
    public double percentileCeilingMillis(double q) {
        double rank = Math.ceil(q / 100.0 * count());
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
