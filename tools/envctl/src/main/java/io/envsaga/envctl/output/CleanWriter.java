package io.envsaga.envctl.output;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/** Passes text on with control characters other than line breaks replaced by spaces: server text cannot steer the terminal. */
public final class CleanWriter extends FilterWriter {

    public CleanWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        super.write(c == '\n' || !Character.isISOControl(c) ? c : ' ');
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(buffer[i]);
        }
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(text.charAt(i));
        }
    }
}
