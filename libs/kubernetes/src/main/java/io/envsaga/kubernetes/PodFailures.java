package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads from pods' statuses why a workload cannot start, as soon as it is certain: the image
 * cannot be pulled, the container crashes again and again, or no node can take the pod. What may
 * still resolve itself (a Secret another step is about to create, a dependency not yet up) is not
 * a failure here: the rollout's deadline covers it.
 */
public final class PodFailures {

    /** Waiting reasons that no waiting will fix. */
    private static final Set<String> IMAGE_REASONS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");
    private static final int MAX_MESSAGE = 300;

    private final int crashLoopRestarts;

    /** @param crashLoopRestarts restarts after which a container in CrashLoopBackOff fails the step */
    public PodFailures(int crashLoopRestarts) {
        this.crashLoopRestarts = crashLoopRestarts;
    }

    /** The first certain failure among the pods, e.g. "ImagePullBackOff for image x:1: not found". */
    public Optional<String> of(List<Pod> pods) {
        for (Pod pod : pods) {
            Optional<String> failure = of(pod);
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    public Optional<String> of(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())
                    && "Unschedulable".equals(condition.getReason())) {
                return Optional.of("Unschedulable: " + shorten(condition.getMessage()));
            }
        }
        List<ContainerStatus> statuses = new ArrayList<>(pod.getStatus().getInitContainerStatuses());
        statuses.addAll(pod.getStatus().getContainerStatuses());
        for (ContainerStatus status : statuses) {
            Optional<String> failure = of(status);
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    private Optional<String> of(ContainerStatus status) {
        ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
        if (waiting == null || waiting.getReason() == null) {
            return Optional.empty();
        }
        String reason = waiting.getReason();
        if (IMAGE_REASONS.contains(reason)) {
            return Optional.of(reason + " for image " + status.getImage() + suffix(waiting.getMessage()));
        }
        int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
        if ("CrashLoopBackOff".equals(reason) && restarts >= crashLoopRestarts) {
            ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
            String how = last == null ? "" : lastTermination(last);
            return Optional.of("CrashLoopBackOff after " + restarts + " restarts of container " + status.getName() + how);
        }
        if ("CreateContainerConfigError".equals(reason) && waiting.getMessage() != null && waiting.getMessage().contains("runAsNonRoot")) {
            return Optional.of(reason + suffix(waiting.getMessage()) + " (set privileged: true, or build the image with a non-root USER)");
        }
        return Optional.empty();
    }

    private static String lastTermination(ContainerStateTerminated last) {
        String message = last.getMessage() == null || last.getMessage().isBlank() ? last.getReason() : last.getMessage().strip();
        return ", last exit code " + last.getExitCode() + (message == null ? "" : ": " + shorten(message));
    }

    private static String suffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + shorten(message);
    }

    public static String shorten(String message) {
        if (message == null) {
            return "";
        }
        String oneLine = message.strip().replaceAll("\\s*\\n\\s*", " | ");
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
    }
}
