package io.envsaga.testsupport.architecture.cyclic.two.deeper;

import io.envsaga.testsupport.architecture.cyclic.one.First;

public final class Second {
    First first;
}
