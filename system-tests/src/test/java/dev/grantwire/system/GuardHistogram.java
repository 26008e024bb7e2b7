package dev.grantwire.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guard's own measure of propagation, read from its Prometheus histogram {@code
 * grantwire_guard_apply_latency_seconds}: from a revocation's {@code revokedAt} (the database
 * clock, inside revocation-service's transaction) to the moment the guard applied it. Two snapshots
 * subtracted give the distribution of what happened in between.
 */
final class GuardHistogram {

    private static final Pattern BUCKET =
            Pattern.compile(
                    "^grantwire_guard_apply_latency_seconds_bucket\\{le=\"([^\"]+)\"\\} (\\S+)$",
                    Pattern.MULTILINE);

    /** Cumulative counts by upper bound in seconds ({@code +Inf} as infinity). */
    final TreeMap<Double, Double> buckets;

    private GuardHistogram(TreeMap<Double, Double> buckets) {
        this.buckets = buckets;
    }

    static GuardHistogram read(Grantwire grantwire, String instance) {
        String metrics =
                grantwire
                        .send(HttpRequest.newBuilder(URI.create(instance + "/q/metrics")).GET())
                        .body();
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Matcher bucket = BUCKET.matcher(metrics);
        while (bucket.find()) {
            double bound =
                    "+Inf".equals(bucket.group(1))
                            ? Double.POSITIVE_INFINITY
                            : Double.parseDouble(bucket.group(1));
            buckets.put(bound, Double.parseDouble(bucket.group(2)));
        }
        return new GuardHistogram(buckets);
    }

    /** What was observed between {@code earlier} and this snapshot. */
    GuardHistogram since(GuardHistogram earlier) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            delta.put(
                    bucket.getKey(),
                    bucket.getValue() - earlier.buckets.getOrDefault(bucket.getKey(), 0.0));
        }
        return new GuardHistogram(delta);
    }

    double count() {
        return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
    }

    /** The upper bound (ms) of the bucket holding the q-th percentile: a ceiling, not a point. */
    double percentileCeilingMillis(double q) {
        double rank = Math.ceil(q / 100.0 * count());
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
