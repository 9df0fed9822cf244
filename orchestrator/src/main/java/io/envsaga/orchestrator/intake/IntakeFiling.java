package io.envsaga.orchestrator.intake;

import io.envsaga.contracts.spec.EnvironmentValidator;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * How the audit files a message of the intake exchange: under the environment its spec names only
 * if its submitter (the broker-validated {@code user_id}) may apply that environment, else under
 * {@link SubmittedName#UNKNOWN}, so a submitter cannot fill another environment's history; and a
 * body over the document size limit (refused unread by {@link IntakeLanes}) is neither parsed nor
 * kept, only its size.
 */
@Component
public class IntakeFiling {

    private final IntakeProperties policy;
    private final EnvironmentValidator validator;
    private final int maxDocumentBytes;

    public IntakeFiling(IntakeProperties policy, EnvironmentValidator validator) {
        this.policy = policy;
        this.validator = validator;
        this.maxDocumentBytes = validator.limits().maxDocumentBytes();
    }

    /** The environment whose history the message goes to. */
    public String subject(byte[] body, String user) {
        if (body == null || body.length > maxDocumentBytes) {
            return SubmittedName.UNKNOWN;
        }
        String name = SubmittedName.of(validator, body); // the validator's reading: what the saga runs
        return policy.allows(user, name) ? name : SubmittedName.UNKNOWN;
    }

    /** The body as the audit keeps it: as it came, or a note of its size when it is over the limit. */
    public String body(byte[] body) {
        if (body != null && body.length > maxDocumentBytes) {
            return "{\"omitted\":\"a document of " + body.length + " bytes, over the limit of " + maxDocumentBytes
                    + " (envsaga.spec.max-document-bytes): refused unread, not kept\"}";
        }
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
