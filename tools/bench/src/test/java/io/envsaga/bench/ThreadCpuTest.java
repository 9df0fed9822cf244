package io.envsaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thread's CPU from its {@code /proc} stat line, whose name may hold spaces and parentheses. */
class ThreadCpuTest {

    @TempDir
    Path dir;

    @Test
    void userAndSystemTicksOfAMatchingThreadAreCounted() throws Exception {
        Path stat = Files.writeString(dir.resolve("stat"),
                "4242 (C2 CompilerThre) S 4200 4200 0 0 -1 1077936192 0 0 0 0 1234 56 0 0 20 0 30 0 999 0 0\n");
        Path other = Files.writeString(dir.resolve("other"),
                "4243 (odd (name) x) S 4200 4200 0 0 -1 1077936192 0 0 0 0 7 8 0 0 20 0 30 0 999 0 0\n");

        assertThat(ThreadCpu.ticksIf(stat, n -> n.startsWith("C2 CompilerThre"))).isEqualTo(1290);
        assertThat(ThreadCpu.ticksIf(stat, n -> n.startsWith("C1 "))).isZero();
        assertThat(ThreadCpu.ticksIf(other, n -> n.equals("odd (name) x"))).isEqualTo(15);
        assertThat(ThreadCpu.ticksIf(dir.resolve("gone"), n -> true)).as("a thread that ended").isZero();
    }
}
