package io.fitscore.aws;

import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the requests of fitscore's own S3 client and their attempts, so the retries a flaky or
 * throttling S3 cost a run show up in metrics.json (s3a counts its own). Process-wide counters, read as
 * the difference between two snapshots, so the interceptor needs no wiring to the run.
 */
public final class RequestAttempts implements ExecutionInterceptor {

    private static final LongAdder REQUESTS = new LongAdder();
    private static final LongAdder ATTEMPTS = new LongAdder();
    private static final LongAdder THROTTLED = new LongAdder();
    private static final LongAdder SERVER_ERRORS = new LongAdder();

    /** Requests made, attempts sent (retries = attempts - requests), and answers of 503/429 (throttling) and other 5xx. */
    public record Counts(long requests, long attempts, long retries, long throttled, long serverErrors) {
        static Counts of(long requests, long attempts, long throttled, long serverErrors) {
            return new Counts(requests, attempts, Math.max(0, attempts - requests), throttled, serverErrors);
        }

        Counts minus(Counts earlier) {
            return of(requests - earlier.requests, attempts - earlier.attempts, throttled - earlier.throttled,
                    serverErrors - earlier.serverErrors);
        }
    }

    /** The counters now; {@link #since(Counts)} gives what happened after. */
    public static Counts snapshot() {
        return Counts.of(REQUESTS.sum(), ATTEMPTS.sum(), THROTTLED.sum(), SERVER_ERRORS.sum());
    }

    public static Counts since(Counts earlier) {
        return snapshot().minus(earlier);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        REQUESTS.increment();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        ATTEMPTS.increment();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        int status = context.httpResponse().statusCode();
        if (status == 503 || status == 429) {
            THROTTLED.increment();
        } else if (status >= 500) {
            SERVER_ERRORS.increment();
        }
    }
}
