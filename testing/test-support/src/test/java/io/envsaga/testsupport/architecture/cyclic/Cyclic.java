package io.envsaga.testsupport.architecture.cyclic;

/** The base of two packages that depend on each other: {@code one.First <-> two.deeper.Second}. */
public final class Cyclic {
}
