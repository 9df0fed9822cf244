package io.envsaga.participant;

/** The broker's side of one received command: settled exactly once, after the work. */
interface Delivery {

    /** Done: the broker may forget the message. */
    void ack();

    /** Not done here: deliver it again (counts towards the queue's delivery limit). */
    void requeue();

    /** Unusable: dead-letter it to the queue's DLQ. */
    void reject();
}
