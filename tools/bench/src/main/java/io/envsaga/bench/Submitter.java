package io.envsaga.bench;

/** One way of submitting an environment's spec: REST or the intake exchange. */
public interface Submitter {

    /**
     * @param accepted   the orchestrator took it (REST 202; the broker's confirm of a routed intake message)
     * @param status     the HTTP status, 0 for the intake, -1 when no answer came (timeout, connection refused)
     * @param startNanos System.nanoTime before sending
     * @param endNanos   System.nanoTime when the answer or confirm came
     */
    record Submission(boolean accepted, int status, long startNanos, long endNanos) {
        public boolean serverError() {
            return status >= 500;
        }

        /** Neither accepted nor a server error: refused (4xx), timed out, unroutable. */
        public boolean otherError() {
            return !accepted && !serverError();
        }
    }

    Submission submit(String environment);

    /** The spec of an environment: a preview with one workload and one host, which every step answers instantly. */
    static String spec(String environment) {
        return io.envsaga.simulation.specs.TestSpecs.previewYaml(environment, "ghcr.io/envsaga/bench:1");
    }
}
