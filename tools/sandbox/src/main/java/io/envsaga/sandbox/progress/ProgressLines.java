package io.envsaga.sandbox.progress;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.Payloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The lines the sandbox prints for one event: environment, generation, step, what happened. */
public final class ProgressLines {

    private ProgressLines() {
    }

    public static List<String> of(Event<?> event) {
        String head = event.subject() + " gen " + event.generation();
        String step = event.step() == null ? "" : String.format(" %-9s", event.step().id());
        List<String> lines = new ArrayList<>();
        Object data = event.data();
        if (data instanceof Payloads.EnvironmentRequested) {
            lines.add(head + "  requested: the steps of cluster " + (event.cluster() == null ? "default" : event.cluster()) + " start");
        } else if (data instanceof Payloads.EnvironmentRollbackRequested) {
            lines.add(head + "  rollback requested: releasing what was made");
        } else if (data instanceof Payloads.EnvironmentDeletionRequested) {
            lines.add(head + "  deletion requested");
        } else if (data instanceof Payloads.StepProgress p) {
            lines.add(head + step + "  ... " + p.message());
        } else if (data instanceof Payloads.StepSucceeded s) {
            lines.add(head + step + "  " + (s.skipped() ? "skipped (not in the spec)" : "succeeded") + outputs(s.outputs()));
        } else if (data instanceof Payloads.StepFailed f) {
            lines.add(head + step + "  FAILED: " + f.reason() + (f.retryable() ? " (retryable)" : ""));
        } else if (data instanceof Payloads.StepReleased) {
            lines.add(head + step + "  released");
        } else if (data instanceof Payloads.EnvironmentReady) {
            lines.add(head + "  READY");
        } else if (data instanceof Payloads.EnvironmentFailed f) {
            lines.add(head + "  FAILED:");
            f.reasons().forEach(reason -> lines.add("    " + reason.step().id() + ": " + reason.reason()));
        } else if (data instanceof Payloads.EnvironmentDeleted) {
            lines.add(head + "  DELETED: everything released");
        } else if (data instanceof Payloads.EnvironmentRejected r) {
            lines.add(head + "  REJECTED:");
            r.violations().forEach(v -> lines.add("    " + v.path() + ": " + v.message()));
        } else {
            lines.add(head + step + "  " + event.type());
        }
        return lines;
    }

    private static String outputs(Map<String, String> outputs) {
        if (outputs == null || outputs.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        new TreeMap<>(outputs).forEach((key, value) -> text.append(text.isEmpty() ? ": " : ", ").append(key).append('=').append(value));
        return text.toString();
    }
}
