package io.envsaga.dns.batch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A request on its way through the batch executor: the future its caller holds, the node IPs it
 * was planned with, and its changes not INSYNC yet. After {@link ChangeBatcher#submit} only the
 * executor's thread touches it.
 */
final class PendingRequest {

    private final ChangeBatcher.Request request;
    private final CompletableFuture<ChangeBatcher.Outcome> future = new CompletableFuture<>();
    private final Set<String> outstanding = new LinkedHashSet<>();
    private final List<String> changeIds = new ArrayList<>();
    private int changes;
    private List<String> addresses = List.of();

    PendingRequest(ChangeBatcher.Request request) {
        this.request = request;
    }

    ChangeBatcher.Request request() {
        return request;
    }

    CompletableFuture<ChangeBatcher.Outcome> future() {
        return future;
    }

    String describe() {
        return request.describe();
    }

    /** Answered already, or withdrawn: its caller cancelled the future before the batch started. */
    boolean isDone() {
        return future.isDone();
    }

    void plannedWith(List<String> addresses) {
        this.addresses = addresses;
    }

    /** Nothing needed changing: answered at once. */
    void unchanged(List<String> addresses) {
        future.complete(new ChangeBatcher.Outcome(List.of(), 0, addresses));
    }

    void changed(String changeId, int count) {
        outstanding.add(changeId);
        changeIds.add(changeId);
        changes += count;
    }

    /** Completes the request once the last of its changes is INSYNC. */
    void insync(String changeId) {
        outstanding.remove(changeId);
        if (outstanding.isEmpty()) {
            future.complete(new ChangeBatcher.Outcome(List.copyOf(changeIds), changes, addresses));
        }
    }

    void fail(RuntimeException error) {
        future.completeExceptionally(error);
    }

    static void failAll(List<PendingRequest> requests, RuntimeException error) {
        requests.forEach(pending -> pending.fail(error));
    }
}
