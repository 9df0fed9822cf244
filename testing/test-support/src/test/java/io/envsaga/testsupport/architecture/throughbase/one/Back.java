package io.envsaga.testsupport.architecture.throughbase.one;

import io.envsaga.testsupport.architecture.throughbase.ThroughBase;

public final class Back {
    ThroughBase base;
}
