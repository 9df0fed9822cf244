package io.envsaga.orchestrator.intake;

/**
 * Where the orchestrator may answer a submitter: RabbitMQ's direct reply-to (the broker routes it
 * to the submitter's own channel), or a queue under the submitter's own prefix
 * {@code <bus prefix>.reply.<user>}. Anything else would let a submitter make the orchestrator
 * write, with its own broker rights, into a queue the submitter may not write to.
 */
final class ReplyQueues {

    /** What the broker makes of a client's {@code amq.rabbitmq.reply-to}: this, a dot, and a token naming the channel. */
    static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

    private final String busPrefix;
    private final String replyPrefix;

    ReplyQueues(String busPrefix, String replyPrefix) {
        this.busPrefix = busPrefix;
        this.replyPrefix = replyPrefix;
    }

    String prefixOf(String user) {
        return busPrefix + "." + replyPrefix + "." + user;
    }

    boolean mayReceive(String replyTo, String user) {
        if (replyTo.equals(DIRECT_REPLY_TO) || replyTo.startsWith(DIRECT_REPLY_TO + ".")) {
            return true;
        }
        if (user == null || user.isBlank()) {
            return false;
        }
        String own = prefixOf(user);
        return replyTo.equals(own) || replyTo.startsWith(own + ".");
    }
}
