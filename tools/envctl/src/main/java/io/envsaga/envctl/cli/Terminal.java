package io.envsaga.envctl.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything envctl takes from the world it runs in, so that tests can give it their own: the
 * output streams, whether stdout is a terminal, the environment variables, the working directory
 * and the clock.
 */
public record Terminal(PrintWriter out, PrintWriter err, boolean tty, Map<String, String> env, Path workingDirectory, Clock clock) {

    /** The real one: System.out/err, a terminal when there is a console and TERM is not dumb. */
    public static Terminal system() {
        Map<String, String> env = System.getenv();
        boolean tty = isTerminal(System.console()) && !"dumb".equals(env.get("TERM")) && env.get("CI") == null;
        return new Terminal(writer(System.out), writer(System.err), tty, env, Path.of("").toAbsolutePath(), Clock.systemUTC());
    }

    /** Java 22+ gives a console even when output is redirected; its isTerminal() then says no. Before 22, no console means no terminal. */
    private static boolean isTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
