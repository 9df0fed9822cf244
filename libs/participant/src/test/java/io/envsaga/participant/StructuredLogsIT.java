package io.envsaga.participant;

import static io.envsaga.testsupport.bus.BusProbe.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.testsupport.bus.BusProbe;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** With {@code logging.structured.format.console=ecs} a step service logs JSON lines carrying the environment, saga, generation and step. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    @Test
    @SuppressWarnings("unchecked")
    void aLineWrittenWhileHandlingACommandIsJsonWithTheSagasFields(CapturedOutput output) {
        List<String> args = new ArrayList<>(List.of(rabbit.springArguments()));
        args.addAll(List.of("--spring.application.name=scripted-dns", "--spring.main.banner-mode=off", "--test.instance=json",
                "--test.hang=false", "--logging.structured.format.console=ecs"));
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(ScriptedStepApp.class).run(args.toArray(String[]::new));
             BusProbe probe = rabbit.probe()) {
            Event<?> command = Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", "ok-json", "saga-json-1", 3, null,
                    new Payloads.EnvironmentRequested(io.envsaga.simulation.specs.TestSpecs.preview("ok-json", "ghcr.io/skkuding/codedang-frontend:pr-1")));
            rabbit.rabbitTemplate().send(rabbit.topology().eventsExchange(), command.routingKey(), EventCodec.toMessage(command));
            probe.await(ofType(EventType.STEP_SUCCEEDED, "ok-json", 3));
        }

        String line = output.getOut().lines().filter(l -> l.contains("saga-json-1")).findFirst().orElseThrow();
        Map<String, Object> json = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(line);
        assertThat(line).startsWith("{").endsWith("}");
        assertThat(json).containsKeys("@timestamp", "message").containsEntry("environment", "ok-json")
                .containsEntry("sagaId", "saga-json-1").containsEntry("generation", "3").containsEntry("step", "dns");
    }
}
