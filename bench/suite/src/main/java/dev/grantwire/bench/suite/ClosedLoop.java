package dev.grantwire.bench.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load generator: {@code concurrency} threads, each sending its next request as soon
 * as the previous one is answered. A warm-up runs first and is not recorded; then latencies (µs) go
 * to an HdrHistogram and the servers' CPU is read before and after the measured window.
 */
final class ClosedLoop {

    /**
     * One thread's request: sends it, returns the HTTP status (2xx is a success). Each thread has
     * its own. A call may throw to say why it failed; the first failure's message is kept.
     */
    interface Call {
        int send() throws Exception;
    }

    /** What one measured window gave. */
    record Result(
            int concurrency,
            long requests,
            long errors,
            double seconds,
            Histogram latencyMicros,
            double serverCpuSeconds,
            double generatorCpuSeconds,
            String firstFailure) {

        /**
         * Fails loudly when more than one request in a thousand failed (warm-up included in the
         * message): a rate made of error answers is not a result.
         */
        Result requireSuccess(String what) {
            if (errors * 1000 > requests || (requests == 0 && firstFailure != null)) {
                throw new IllegalStateException(
                        what
                                + ": "
                                + errors
                                + " of "
                                + requests
                                + " requests failed; the first: "
                                + firstFailure);
            }
            return this;
        }

        double perSecond() {
            return requests / seconds;
        }

        double cpuPerRequestMillis() {
            return requests == 0 ? Double.NaN : serverCpuSeconds * 1000 / requests;
        }

        double p(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private enum Phase {
        WARM_UP,
        MEASURE,
        DONE
    }

    private ClosedLoop() {}

    static Result run(
            int concurrency,
            Duration warmUp,
            Duration measure,
            Supplier<Call> calls,
            ProcessCpu servers) {
        Recorder recorder = new Recorder(3_600_000_000L, 3);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicReference<Phase> phase = new AtomicReference<>(Phase.WARM_UP);
        List<Thread> threads = new ArrayList<>();
        List<Call> perThread = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            perThread.add(calls.get());
        }
        for (Call call : perThread) {
            Thread thread =
                    new Thread(
                            () -> {
                                while (true) {
                                    Phase now = phase.get();
                                    if (now == Phase.DONE) {
                                        return;
                                    }
                                    long start = System.nanoTime();
                                    int status;
                                    try {
                                        status = call.send();
                                        if (status < 200 || status > 299) {
                                            firstFailure.compareAndSet(null, "HTTP " + status);
                                        }
                                    } catch (Exception e) {
                                        status = -1;
                                        firstFailure.compareAndSet(null, e.toString());
                                    }
                                    long micros = (System.nanoTime() - start) / 1000;
                                    if (now == Phase.MEASURE) {
                                        recorder.recordValue(Math.max(1, micros));
                                        requests.incrementAndGet();
                                        if (status < 200 || status > 299) {
                                            errors.incrementAndGet();
                                        }
                                    }
                                }
                            },
                            "load-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        sleep(warmUp);
        recorder.reset();
        double cpu0 = servers.seconds();
        double self0 = ProcessCpu.self();
        long t0 = System.nanoTime();
        phase.set(Phase.MEASURE);
        sleep(measure);
        phase.set(Phase.DONE);
        long t1 = System.nanoTime();
        double cpu1 = servers.seconds();
        double self1 = ProcessCpu.self();
        for (Thread thread : threads) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return new Result(
                concurrency,
                requests.get(),
                errors.get(),
                (t1 - t0) / 1e9,
                recorder.getIntervalHistogram(),
                cpu1 - cpu0,
                self1 - self0,
                firstFailure.get());
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
