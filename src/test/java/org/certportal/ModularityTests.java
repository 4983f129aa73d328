package org.certportal;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The modules of DESIGN.md: no cycles, nobody reaches into another module's internals. */
class ModularityTests {

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(CertportalApplication.class).verify();
    }
}
