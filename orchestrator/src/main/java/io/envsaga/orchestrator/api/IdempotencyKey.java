package io.envsaga.orchestrator.api;

import io.envsaga.orchestrator.tenancy.SubmissionKeys;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

/**
 * The optional {@code Idempotency-Key} header of a submission (after the IETF draft
 * draft-ietf-httpapi-idempotency-key-header): a client that lost an answer sends the request
 * again with the same key and gets the first answer, not a second generation. Checked before the
 * body is read: 1 to 255 characters of letters, digits and {@code - _ . : ~ + / =}, optionally
 * in double quotes (the draft's structured-field string); a UUID or a CI run id fits.
 */
final class IdempotencyKey {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String PATTERN = "^[A-Za-z0-9._:~+/=-]{1,255}$";
    /** For the OpenAPI document. */
    static final String DESCRIPTION = "Optional. The same key with the same request again (method, path, body) is answered what the"
            + " first was (202, the same generation and saga id, header Idempotent-Replayed: true) and starts nothing; the same key"
            + " for another request is 422. Keys are per identity, kept as long as the audit (envsaga.orchestrator.retention.audit).";
    private static final String ALLOWED = "letters, digits and - _ . : ~ + / =";

    private IdempotencyKey() {
    }

    /** The key of the request, or null without the header. */
    static String of(HttpServletRequest request) {
        List<String> values = Collections.list(request.getHeaders(HEADER));
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidException("is sent " + values.size() + " times; send it once");
        }
        String key = values.get(0);
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (key.isEmpty()) {
            throw new InvalidException("is empty; use 1 to " + SubmissionKeys.MAX_KEY_LENGTH + " characters of " + ALLOWED);
        }
        if (key.length() > SubmissionKeys.MAX_KEY_LENGTH) {
            throw new InvalidException("is " + key.length() + " characters long; at most " + SubmissionKeys.MAX_KEY_LENGTH);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!allowed(c)) {
                String shown = c > 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
                throw new InvalidException("has " + shown + " at position " + (i + 1) + "; only " + ALLOWED + " are allowed");
            }
        }
        return key;
    }

    /** What makes two requests the same: method, path and body (a retry sends all three again). */
    static String fingerprint(HttpServletRequest request, byte[] body) {
        return SubmissionKeys.sha256((request.getMethod() + "\n" + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8), body);
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.:~+/=".indexOf(c) >= 0;
    }

    /** A header that is not a valid key: a 400 problem naming the header. */
    static final class InvalidException extends RuntimeException {
        InvalidException(String message) {
            super(HEADER + " " + message);
        }
    }
}
