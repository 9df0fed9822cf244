package io.envsaga.testsupport.architecture.acyclic.one;

public final class Leaf {
}
