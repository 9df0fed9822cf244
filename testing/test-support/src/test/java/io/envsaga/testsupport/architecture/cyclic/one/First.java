package io.envsaga.testsupport.architecture.cyclic.one;

import io.envsaga.testsupport.architecture.cyclic.two.deeper.Second;

public final class First {
    Second second;
}
