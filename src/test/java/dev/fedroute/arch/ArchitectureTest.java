package dev.fedroute.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.cli.FedrouteCli;
import dev.fedroute.internal.resolve.DefaultServerNameResolver;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps the shape of the library: a small public API in two packages, everything else internal or
 * package-private, no cycles between packages, and a core that runs in a plain JVM.
 */
@AnalyzeClasses(packages = "dev.fedroute", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String API = "dev.fedroute";

  /** Jersey's proxy refusal check: HttpClient 5 and Jersey's connector, on Jersey only. */
  private static final String JERSEY_PROXY_TUNNELS = "dev.fedroute.jakarta.JerseyProxyTunnels";

  private static final String JAKARTA = "dev.fedroute.jakarta";
  private static final String CLI = "dev.fedroute.cli";
  private static final String INTERNAL = "dev.fedroute.internal..";
  private static final String TELEMETRY = "dev.fedroute.jakarta.telemetry";

  @ArchTest
  static final ArchRule publicTypesLiveInTheApiPackagesOrInternal =
      classes()
          .that()
          .arePublic()
          .and()
          .areTopLevelClasses()
          .and()
          .doNotHaveFullyQualifiedName(FedrouteCli.class.getName())
          .should()
          .resideInAnyPackage(API, JAKARTA, INTERNAL)
          .because("users read dev.fedroute and dev.fedroute.jakarta; the CLI's main class aside");

  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      slices()
          .matching("(**)")
          .should()
          .beFreeOfCycles()
          // The one edge from the API into its implementation: the factory
          // ServerNameResolver.create, so that no user imports an implementation class.
          .ignoreDependency(ServerNameResolver.class, DefaultServerNameResolver.class);

  @ArchTest
  static final ArchRule apiUsesOnlyTheJdkAndItsTextForms =
      noClasses()
          .that()
          .resideInAPackage(API)
          .should()
          .dependOnClassesThat(
              resideOutsideOfPackages(API, "dev.fedroute.internal.text", "java..")
                  .and(not(equivalentTo(DefaultServerNameResolver.class))))
          .because("the API is JDK-only; create() is its one way into the implementation");

  @ArchTest
  static final ArchRule coreHasNoJakartaDependency =
      noClasses()
          .that()
          .resideOutsideOfPackages(JAKARTA, TELEMETRY, CLI)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "jakarta..", "org.eclipse.microprofile..", "picocli..", "org.glassfish..");

  @ArchTest
  static final ArchRule onlyTheTelemetryPackageTouchesOpenTelemetry =
      noClasses()
          .that()
          .resideOutsideOfPackage(TELEMETRY)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.opentelemetry..")
          .because("the OpenTelemetry API is optional: only the adapter may need it");

  @ArchTest
  static final ArchRule nothingRefersToTheTelemetryPackage =
      noClasses()
          .that()
          .resideOutsideOfPackage(TELEMETRY)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(TELEMETRY)
          .because(
              "beans.xml keeps it out of discovery without the OpenTelemetry API; a reference from"
                  + " elsewhere would load it anyway and fail");

  /**
   * Each data grid's API is visible on one kind of server only (JCache on Payara, Infinispan on
   * WildFly): one class each touches it, and {@code SharedCaches} loads it only when the API is.
   */
  @ArchTest
  static final ArchRule onlyJCacheGridTouchesJCache =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.fedroute.jakarta.JCacheGrid")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("javax.cache..");

  @ArchTest
  static final ArchRule onlyInfinispanGridTouchesInfinispan =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.fedroute.jakarta.InfinispanGrid")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.infinispan..");

  @ArchTest
  static final ArchRule onlyTheDnsPackageTouchesDnsjava =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.fedroute.internal.dns")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.xbill..");

  /**
   * The CLI's {@code --connect} speaks HTTP/1.1 (HttpCore 5) on a socket it connected and wrapped
   * in the pinned TLS context itself, to time and inspect each address; nothing else outside {@code
   * .wellknown} uses the HTTP client library.
   */
  @ArchTest
  static final ArchRule onlyWellKnownUsesHttpAndJson =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.fedroute.internal.wellknown", "dev.fedroute.cli")
          // Jersey's connector runs on HttpClient 5: this one class adds a step to its chain, and
          // is loaded only when the client is Jersey's.
          .and()
          .doNotHaveFullyQualifiedName(JERSEY_PROXY_TUNNELS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.hc..", "com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule theCliUsesOnlyHttpCore =
      noClasses()
          .that()
          .resideInAPackage("dev.fedroute.cli")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.hc.client5..", "com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule textAndNetAreJdkOnly =
      noClasses()
          .that()
          .resideInAnyPackage("dev.fedroute.internal.text", "dev.fedroute.internal.net")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages(
              API, "dev.fedroute.internal.text", "dev.fedroute.internal.net", "java..", "javax..");

  @ArchTest
  static final ArchRule onlyTheCliChoosesAJaxRsImplementation =
      noClasses()
          .that()
          .resideOutsideOfPackage(CLI)
          // RESTEasy has no property for proxy credentials: this one class builds its engine, and
          // is loaded only when the client builder is RESTEasy's.
          .and()
          .doNotHaveFullyQualifiedName("dev.fedroute.jakarta.ResteasyProxyEngine")
          .and()
          .doNotHaveFullyQualifiedName(JERSEY_PROXY_TUNNELS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.glassfish..", "org.jboss.resteasy..");

  @ArchTest
  static final ArchRule nothingUsesTheCli =
      noClasses()
          .that()
          .resideOutsideOfPackage(CLI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(CLI);

  @ArchTest
  static final ArchRule wellKnownDoesNotTouchDns =
      noClasses()
          .that()
          .resideInAPackage("dev.fedroute.internal.wellknown")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.fedroute.internal.dns");

  @ArchTest
  static final ArchRule integrationsUseTheApiNotTheResolverImplementation =
      noClasses()
          .that()
          .resideInAnyPackage(JAKARTA, CLI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.fedroute.internal.resolve")
          .because("they create resolvers with ServerNameResolver.create, as users do");

  @ArchTest
  static void theApiShowsNoInternalType(JavaClasses classes) {
    Set<String> leaks = new TreeSet<>();
    for (JavaClass c : classes) {
      boolean api = c.getPackageName().equals(API) || c.getPackageName().equals(JAKARTA);
      if (!api || !c.getModifiers().contains(JavaModifier.PUBLIC)) {
        continue;
      }
      c.getMethods().stream()
          .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC))
          .forEach(
              m -> {
                m.getRawReturnType().getAllInvolvedRawTypes().stream()
                    .filter(ArchitectureTest::isInternal)
                    .forEach(t -> leaks.add(m.getFullName() + " returns " + t.getName()));
                m.getRawParameterTypes().stream()
                    .filter(ArchitectureTest::isInternal)
                    .forEach(t -> leaks.add(m.getFullName() + " takes " + t.getName()));
              });
      c.getConstructors().stream()
          .filter(k -> k.getModifiers().contains(JavaModifier.PUBLIC))
          .forEach(
              k ->
                  k.getRawParameterTypes().stream()
                      .filter(ArchitectureTest::isInternal)
                      .forEach(t -> leaks.add(k.getFullName() + " takes " + t.getName())));
    }
    assertThat(leaks).as("public members of the API showing internal types").isEmpty();
  }

  private static boolean isInternal(JavaClass type) {
    return type.getPackageName().startsWith("dev.fedroute.internal");
  }

  @ArchTest
  static void everyPackageSaysWhatItHolds(JavaClasses classes) {
    Set<String> withoutPackageInfo = new TreeSet<>();
    for (JavaClass c : classes) {
      if (c.getPackage().tryGetPackageInfo().isEmpty()) {
        withoutPackageInfo.add(c.getPackageName());
      }
    }
    assertThat(withoutPackageInfo).as("packages without package-info.java").isEmpty();
  }

  @ArchTest
  static void theCliShowsOnlyItsMainClass(JavaClasses classes) {
    Set<String> publicInCli = new TreeSet<>();
    for (JavaClass c : classes) {
      if (c.getPackageName().equals(CLI)
          && c.isTopLevelClass()
          && c.getModifiers().contains(JavaModifier.PUBLIC)) {
        publicInCli.add(c.getSimpleName());
      }
    }
    assertThat(publicInCli).containsExactly(FedrouteCli.class.getSimpleName());
  }
}
