package dev.fedroute.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the package layout of design.md: the core runs in a plain JVM. */
@AnalyzeClasses(packages = "dev.fedroute", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreHasNoJakartaDependency =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.fedroute.jakarta..", "dev.fedroute.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "jakarta.enterprise..",
              "jakarta.inject..",
              "jakarta.ws.rs..",
              "org.eclipse.microprofile..",
              "picocli..");

  @ArchTest
  static final ArchRule onlyDnsPackageTouchesDnsjava =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.fedroute.dns..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.xbill..");

  @ArchTest
  static final ArchRule apiIsJdkOnly =
      noClasses()
          .that()
          .resideInAPackage("dev.fedroute")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("dev.fedroute", "java..");

  @ArchTest
  static final ArchRule netIsJdkOnly =
      noClasses()
          .that()
          .resideInAPackage("dev.fedroute.net")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("dev.fedroute", "dev.fedroute.net", "java..", "javax..");

  @ArchTest
  static final ArchRule onlyTheCliChoosesAJaxRsImplementation =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.fedroute.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.glassfish..", "org.jboss.resteasy..");

  @ArchTest
  static final ArchRule coreDoesNotUseTheCli =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.fedroute.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.fedroute.cli..");

  @ArchTest
  static final ArchRule wellKnownDoesNotTouchDns =
      noClasses()
          .that()
          .resideInAPackage("dev.fedroute.wellknown..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.fedroute.dns..");
}
