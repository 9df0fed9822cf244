package io.envsaga.orchestrator.tenancy;

/** A host the submission claims is held by another live environment (409). */
public class HostClaimedException extends RuntimeException {

    private final String host;
    private final String owner;
    private final String path;

    public HostClaimedException(String host, String owner, String path) {
        super("host '" + host + "' (" + path + ") is claimed by environment '" + owner + "'");
        this.host = host;
        this.owner = owner;
        this.path = path;
    }

    public String host() {
        return host;
    }

    public String owner() {
        return owner;
    }

    public String path() {
        return path;
    }
}
