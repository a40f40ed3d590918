package lat.warp.audit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class AuditModuleDependenciesTest {

    private final JavaClasses production = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("lat.warp");

    @Test
    void theAuditModuleUsesNoOtherModuleThanTheSharedKernel() {
        // access (and every module that audits) depends on audit: any way back would be a cycle.
        noClasses().that().resideInAPackage("lat.warp.audit..")
                .should().dependOnClassesThat(resideInAPackage("lat.warp..")
                        .and(not(resideInAnyPackage("lat.warp.audit..", "lat.warp.shared.."))))
                .check(production);
    }
}
