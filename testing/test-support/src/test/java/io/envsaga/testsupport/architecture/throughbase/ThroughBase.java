package io.envsaga.testsupport.architecture.throughbase;

import io.envsaga.testsupport.architecture.throughbase.one.Back;

/** Uses {@link Back}, which uses this class back: a cycle through the base package itself. */
public final class ThroughBase {
    Back back;
}
