package org.virtd.interop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md §2's allowed-imports table as executable rules over every module's production classes: dependencies
 * point one way, drivers never see Netty or the RPC layer, the daemon and virsh reach drivers only through the
 * public API, and {@code internal} packages stay inside their module.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        // Only virtd's own modules hold org.virtd packages; test classes are left out (they may cross lines).
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.virtd");
        // Guards against rules passing vacuously because nothing was imported.
        org.junit.jupiter.api.Assertions.assertTrue(classes.size() > 300, "classes imported: " + classes.size());
    }

    @Test
    void leafModulesSeeNoOtherVirtdModule() {
        noClasses().that().resideInAPackage("org.virtd.rpc..").should().dependOnClassesThat()
                .resideInAnyPackage("org.virtd.api..", "org.virtd.driver..", "org.virtd.daemon..", "org.virtd.xml..",
                        "org.virtd.virsh..")
                .check(classes);
        noClasses().that().resideInAPackage("org.virtd.xml..").should().dependOnClassesThat()
                .resideInAnyPackage("org.virtd.api..", "org.virtd.driver..", "org.virtd.daemon..", "org.virtd.rpc..",
                        "org.virtd.virsh..")
                .check(classes);
        noClasses().that().resideInAPackage("org.virtd.ffi..").should().dependOnClassesThat()
                .resideInAnyPackage("org.virtd.api..", "org.virtd.driver..", "org.virtd.daemon..", "org.virtd.rpc..",
                        "org.virtd.xml..", "org.virtd.virsh..")
                .check(classes);
    }

    @Test
    void theStandaloneXenstoredNeedsNothingButTheJdk() {
        // bin/xenstored runs with driver-xen's classes alone; SLF4J is touched only when embedded (a holder class).
        noClasses().that().resideInAPackage("org.virtd.driver.xen.store..").should().dependOnClassesThat()
                .resideInAnyPackage("org.virtd.api..", "org.virtd.driver.spi..", "org.virtd.xml..", "org.virtd.ffi..",
                        "jnr..", "io.netty..", "jakarta.xml.bind..")
                .check(classes);
    }

    @Test
    void theApiSeesNoTransportNoXmlNoDriver() {
        noClasses().that().resideInAnyPackage("org.virtd.api..", "org.virtd.driver.spi..", "org.virtd.driver.internal..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "jakarta.xml.bind..", "jnr..", "org.virtd.rpc..", "org.virtd.xml..",
                        "org.virtd.daemon..", "org.virtd.driver.test..", "org.virtd.driver.remote..")
                .check(classes);
    }

    @Test
    void driversNeverSeeNettyTheRpcLayerEachOtherOrTheRegistry() {
        noClasses().that().resideInAPackage("org.virtd.driver.test..").should().dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "org.virtd.rpc..", "org.virtd.daemon..", "org.virtd.driver.remote..",
                        "org.virtd.driver.internal..")
                .check(classes);
        noClasses().that().resideInAPackage("org.virtd.driver.remote..").should().dependOnClassesThat()
                .resideInAnyPackage("org.virtd.daemon..", "org.virtd.driver.test..", "org.virtd.driver.internal..",
                        "org.virtd.xml..")
                .check(classes);
        // The Xen driver reaches Xen's libraries only through hypervisor-native's plain-Java layer.
        noClasses().that().resideInAPackage("org.virtd.driver.xen..").should().dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "jnr..", "org.virtd.rpc..", "org.virtd.daemon..",
                        "org.virtd.driver.test..", "org.virtd.driver.remote..", "org.virtd.driver.internal..")
                .check(classes);
    }

    @Test
    void theDaemonReachesDriversOnlyThroughThePublicApi() {
        noClasses().that().resideInAPackage("org.virtd.daemon..").should().dependOnClassesThat()
                .resideInAnyPackage("org.virtd.driver.test..", "org.virtd.driver.remote..", "org.virtd.driver.spi..",
                        "org.virtd.xml..", "org.virtd.virsh..")
                .check(classes);
    }

    @Test
    void virshUsesOnlyThePublicApi() {
        noClasses().that().resideInAPackage("org.virtd.virsh..").should().dependOnClassesThat()
                .resideInAnyPackage("org.virtd.driver..", "org.virtd.rpc..", "org.virtd.daemon..", "org.virtd.xml..",
                        "io.netty..")
                .check(classes);
    }
}
