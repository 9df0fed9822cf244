package io.envsaga.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which of the orchestrator's three commands a step's answer is about, named after the command's
 * event: {@code apply} ({@code environment.requested}), {@code rollback}
 * ({@code environment.rollback-requested}) and {@code deletion} ({@code environment.deletion-requested}).
 */
public enum CommandKind {
    APPLY("apply", EventType.ENVIRONMENT_REQUESTED),
    ROLLBACK("rollback", EventType.ENVIRONMENT_ROLLBACK_REQUESTED),
    DELETION("deletion", EventType.ENVIRONMENT_DELETION_REQUESTED);

    private final String id;
    private final EventType command;

    CommandKind(String id, EventType command) {
        this.id = id;
        this.command = command;
    }

    /** The name in JSON. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The command event of this kind. */
    public EventType command() {
        return command;
    }

    /** True for the two commands that release what a step made. */
    public boolean isRelease() {
        return this != APPLY;
    }

    @JsonCreator
    public static CommandKind of(String id) {
        for (CommandKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown command '" + id + "' (apply, rollback or deletion)");
    }

    /** The kind of a command event; an event that is not a command is refused. */
    public static CommandKind of(EventType type) {
        for (CommandKind kind : values()) {
            if (kind.command == type) {
                return kind;
            }
        }
        throw new IllegalArgumentException(type + " is not a command");
    }
}
