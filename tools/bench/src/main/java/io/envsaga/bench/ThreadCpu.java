package io.envsaga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** CPU time of some threads of a process, from Linux's {@code /proc/<pid>/task/<tid>/stat}. */
final class ThreadCpu {

    /** Linux's USER_HZ, the unit of {@code utime} and {@code stime}: 100 on every common architecture. */
    private static final long TICKS_PER_SECOND = 100;

    private ThreadCpu() {
    }

    /** User + system time of the process's live threads whose name matches; zero without {@code /proc}. */
    static Duration ofThreadsNamed(long pid, Predicate<String> name) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return Duration.ZERO;
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                ticks += ticksIf(thread.resolve("stat"), name);
            }
        } catch (IOException e) {
            return Duration.ZERO; // the process ended
        }
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    /** {@code tid (name) state ...}: the name may hold spaces and parentheses, so fields count from the last ')'. */
    static long ticksIf(Path stat, Predicate<String> name) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return 0; // the thread ended meanwhile
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || !name.test(line.substring(open + 1, close))) {
            return 0;
        }
        String[] fields = line.substring(close + 2).split(" ");
        // after the name: state(3) ppid(4) ... utime(14) stime(15), so utime is the 12th field from here
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
