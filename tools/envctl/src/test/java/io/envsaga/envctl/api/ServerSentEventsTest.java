package io.envsaga.envctl.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    @Test
    void eachEventsDataIsHandedOnAtItsBlankLine() {
        List<String> events = new ArrayList<>();
        ServerSentEvents parser = new ServerSentEvents(events::add);

        for (String line : List.of(": keep-alive", "", "event:applying", "id:1-2", "data:{\"a\":", "data: 1}", "", "event:ready", "", "data:x", "")) {
            parser.line(line);
        }

        assertThat(events).containsExactly("{\"a\":\n1}", "x");
    }
}
