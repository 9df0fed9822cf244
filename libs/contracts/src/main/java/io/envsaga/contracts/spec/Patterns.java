package io.envsaga.contracts.spec;

/** The regular expressions of the spec, shared by the validator's annotations and the JSON Schema. */
public final class Patterns {

    /** RFC 1123 label: lower-case alphanumerics and '-', starting and ending with an alphanumeric. */
    public static final String RFC1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /** An RFC 1123 subdomain, as Kubernetes object names such as a StorageClass's. */
    public static final String RFC1123_SUBDOMAIN = Patterns.DNS_NAME;

    /** A DNS name of RFC 1123 labels, e.g. {@code stage.codedang.com}. */
    public static final String DNS_NAME =
            "^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /**
     * An OCI image reference: [registry[:port]/]path[:tag][@digest], after the grammar of
     * distribution/reference (path components lower-case, tags up to 128 characters).
     */
    public static final String IMAGE_REFERENCE =
            "^(?=.{1,255}(:|@|$))"
            + "((([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(:[0-9]+)?/))?"
            + "[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*"
            + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
            + "(@sha256:[0-9a-f]{64})?$";

    /** A POSIX-style environment variable name. */
    public static final String ENV_VAR_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

    /** A Kubernetes resource quantity such as {@code 256Mi}, {@code 5Gi}, {@code 500m}. */
    public static final String QUANTITY = "^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$";

    /** A duration of the spec ({@code spec.expiry}): a positive whole number (at most 6 digits) and s, m, h or d. */
    public static final String DURATION = "^[1-9][0-9]{0,5}[smhd]$";

    /** An HTTP path prefix of an ingress route. */
    public static final String HTTP_PATH = "^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$";

    /** A RabbitMQ object name (exchange, queue, user, vhost): printable, no spaces. */
    public static final String AMQP_NAME = "^[A-Za-z0-9._:/-]{1,255}$";

    /** An S3 bucket name. */
    public static final String BUCKET_NAME = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

    /** A PostgreSQL database name (an unquoted identifier). */
    public static final String DATABASE_NAME = "^[a-z_][a-z0-9_]{0,62}$";

    private Patterns() {
    }
}
