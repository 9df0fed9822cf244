package io.envsaga.testsupport.architecture.acyclic;

import io.envsaga.testsupport.architecture.acyclic.one.Leaf;

/** Uses {@link Leaf}, which uses nothing back. */
public final class Acyclic {
    Leaf leaf;
}
