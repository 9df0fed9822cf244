package io.envsaga.envctl.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void fillsEveryPlaceholderAndKeepsEscapedOnes() {
        String filled = Template.fill("name: codedang-pr-${pr}\nhost: ${pr}.preview\nnote: $${not-a-placeholder}\n", Map.of("pr", "7"));

        assertThat(filled).isEqualTo("name: codedang-pr-7\nhost: 7.preview\nnote: ${not-a-placeholder}\n");
    }

    @Test
    void aPlaceholderWithoutAValueIsNamedWithItsLine() {
        assertThatThrownBy(() -> Template.fill("a: 1\nimage: x:${tag}\n", Map.of()))
                .isInstanceOf(EnvctlException.class).hasMessage("no value for ${tag} (line 2); give --set name=value")
                .extracting(e -> ((EnvctlException) e).exitCode()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void aValueForNoPlaceholderIsATypo() {
        assertThatThrownBy(() -> Template.fill("name: ${pr}\n", Map.of("pr", "1", "tga", "x")))
                .hasMessage("--set tga: the file has no such placeholder");
    }

    @Test
    void aValueCannotChangeTheShapeOfTheDocument() {
        for (String hostile : List.of("x\n  privileged: true", "x privileged: true", "x\"", "x # comment", "x'", "{a: b}", "x\r")) {
            assertThatThrownBy(() -> Template.values(List.of("tag=" + hostile))).as(hostile)
                    .hasMessageStartingWith("--set tag: a value is at most 253 of the characters");
        }
        assertThat(Template.values(List.of("tag=pr-12_a.b:c/d@sha256+x=y"))).containsEntry("tag", "pr-12_a.b:c/d@sha256+x=y");
    }

    @Test
    void badAssignmentsAndPlaceholdersAreRefused() {
        assertThatThrownBy(() -> Template.values(List.of("novalue"))).hasMessage("--set novalue: expected name=value");
        assertThatThrownBy(() -> Template.values(List.of("1x=2"))).hasMessageContaining("a name is letters");
        assertThatThrownBy(() -> Template.fill("a: ${not valid}\n", Map.of())).hasMessageContaining("line 1: '${not valid}' is not a placeholder");
    }
}
