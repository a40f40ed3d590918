package lat.warp.architecture;

import lat.warp.WarpApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The modules of DESIGN.md section 3 keep their boundaries: no cycles, no reaching into another's internals. */
class ModuleStructureTest {

    private final ApplicationModules modules = ApplicationModules.of(WarpApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
