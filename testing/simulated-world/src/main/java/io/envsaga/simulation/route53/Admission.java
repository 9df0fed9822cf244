package io.envsaga.simulation.route53;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every request meets before its action: it is counted, then answered {@code Throttling}
 * when the account's token bucket is empty, or with the next error injected for its action.
 */
final class Admission {

    private record Fault(String code, String message) {
    }

    private final Clock clock;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private TokenBucket bucket;

    Admission(Clock clock) {
        this.clock = clock;
    }

    /** Empty when the request may go on to its action; else the error that answers it. */
    Optional<XmlResponse> admit(String action) {
        calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        synchronized (this) {
            if (bucket != null && !bucket.tryTake()) {
                throttled.incrementAndGet();
                return Optional.of(XmlResponse.error(400, "Sender", "Throttling", "Rate exceeded"));
            }
            Deque<Fault> injected = faults.get(action);
            if (injected != null && !injected.isEmpty()) {
                Fault fault = injected.poll();
                return Optional.of(XmlResponse.error(400, "Sender", fault.code(), fault.message()));
            }
        }
        return Optional.empty();
    }

    synchronized void rateLimit(int burst, double perSecond) {
        bucket = new TokenBucket(burst, perSecond, clock);
    }

    synchronized void noRateLimit() {
        bucket = null;
    }

    synchronized void failNext(String action, String code, int times) {
        Deque<Fault> queue = faults.computeIfAbsent(action, a -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new Fault(code, messageOf(code)));
        }
    }

    int calls(String action) {
        AtomicInteger count = calls.get(action);
        return count == null ? 0 : count.get();
    }

    Map<String, Integer> calls() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((action, count) -> copy.put(action, count.get()));
        return copy;
    }

    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int throttled() {
        return throttled.get();
    }

    void resetCounts() {
        calls.clear();
        throttled.set(0);
    }

    private static String messageOf(String code) {
        return switch (code) {
            case "Throttling" -> "Rate exceeded";
            case "PriorRequestNotComplete" -> "The request was rejected because Route 53 was still processing a prior request.";
            default -> code;
        };
    }

    /** Route 53's account limit: a bucket of {@code burst} tokens refilled continuously. */
    private static final class TokenBucket {
        private final int burst;
        private final double perSecond;
        private final Clock clock;
        private double tokens;
        private Instant last;

        TokenBucket(int burst, double perSecond, Clock clock) {
            this.burst = burst;
            this.perSecond = perSecond;
            this.clock = clock;
            this.tokens = burst;
            this.last = clock.instant();
        }

        boolean tryTake() {
            Instant now = clock.instant();
            tokens = Math.min(burst, tokens + Duration.between(last, now).toNanos() / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
