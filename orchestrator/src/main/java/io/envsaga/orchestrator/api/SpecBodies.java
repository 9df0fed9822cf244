package io.envsaga.orchestrator.api;

import io.envsaga.contracts.spec.SpecLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a spec document from a request, never more than the limit allows. */
final class SpecBodies {

    /** The media types a spec may come in. */
    static final String[] MEDIA_TYPES = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"};

    private SpecBodies() {
    }

    static byte[] read(HttpServletRequest request, SpecLimits limits) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limits.maxDocumentBytes()) {
            throw new TooLargeException(declared, limits.maxDocumentBytes());
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limits.maxDocumentBytes() + 1);
            if (body.length > limits.maxDocumentBytes()) {
                throw new TooLargeException(-1, limits.maxDocumentBytes());
            }
            return Arrays.copyOf(body, body.length);
        }
    }

    static final class TooLargeException extends RuntimeException {
        TooLargeException(long size, int limit) {
            super((size >= 0 ? "the document is " + size + " bytes" : "the document is larger than the limit")
                    + "; the limit is " + limit);
        }
    }
}
