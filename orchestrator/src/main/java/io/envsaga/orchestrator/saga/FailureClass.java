package io.envsaga.orchestrator.saga;

import java.util.List;
import java.util.Locale;

/**
 * The class of a step's failure reason, for the metrics: a small fixed set, so that a label
 * never carries the reason's text (names, images, messages) and the series stay bounded. Read
 * from the words the step services and the saga put in their reasons (libs/kubernetes'
 * {@code PodFailures} and {@code EnvironmentApplier}, the readiness rules, the deadline's
 * "timed out after"); the first class that matches wins, in the order below, so that a timeout
 * whose waiting list names an image pull counts as the image pull that caused it.
 */
public enum FailureClass {

    /** The kubelet cannot pull the image: ErrImagePull, ImagePullBackOff, InvalidImageName. */
    IMAGE_PULL("imagepullbackoff", "errimagepull", "invalidimagename", "errimageneverpull"),
    /** A container keeps restarting: CrashLoopBackOff. */
    CRASH_LOOP("crashloopbackoff"),
    /** The API server, an admission webhook, an operator or a provider refused what the step asked for. */
    OPERATOR_REFUSED("rejected", "refused", "denied", "is invalid", "accepted=false", "could not issue", "does not serve"),
    /** Nothing went wrong that anyone said: the wait ran out (the saga's deadline, a readiness timeout). */
    TIMEOUT("timed out", "not ready after", "progressdeadlineexceeded", "deadline exceeded"),
    /** Anything else. */
    OTHER;

    private final List<String> words;

    FailureClass(String... words) {
        this.words = List.of(words);
    }

    /** The class of {@code reason}; {@link #OTHER} for none or one without a known word. */
    public static FailureClass of(String reason) {
        if (reason == null) {
            return OTHER;
        }
        String text = reason.toLowerCase(Locale.ROOT);
        for (FailureClass candidate : values()) {
            if (candidate.words.stream().anyMatch(text::contains)) {
                return candidate;
            }
        }
        return OTHER;
    }

    /** The label value: {@code image_pull}, {@code crash_loop}, {@code operator_refused}, {@code timeout}, {@code other}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
