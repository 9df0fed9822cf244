package io.envsaga.orchestrator.audit;

import java.util.Set;

/**
 * Messages of these environments have been committed to the audit history. The audit queue is
 * consumed apart from the saga's, so a view can change before the message that changed it is in
 * the history; whoever shows the history (the page) refreshes on this, not on the view alone.
 */
public record HistoryRecorded(Set<String> environments) {
}
