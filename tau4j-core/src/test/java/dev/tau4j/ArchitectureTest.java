package dev.tau4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's boundaries, checked on the compiled classes of tau4j-core: API packages hold no
 * internal type in a public signature, recovery never reaches into the session engine, core knows
 * neither the debug server nor the CLI, only the state machine writes a {@link SessionState}, and
 * no test depends on an engine class.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ArchitectureTest {

    private static final String[] API = {"dev.tau4j", "dev.tau4j.event", "dev.tau4j.cost", "dev.tau4j.recovery",
        "dev.tau4j.playback"};

    private static JavaClasses main;
    private static JavaClasses tests;

    @BeforeAll
    static void importClasses() {
        main = new ClassFileImporter().importPath(Path.of("target", "classes"));
        tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPath(Path.of("target", "test-classes"));
    }

    @Test
    void noInternalTypeAppearsInAPublicSignatureOfTheApi() {
        classes().that().resideInAnyPackage(API).and().arePublic()
                .should(new ArchCondition<JavaClass>("expose no internal type in a public or protected signature") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        List<JavaCodeUnit> units = new ArrayList<>(type.getCodeUnits());
                        for (JavaCodeUnit unit : units) {
                            if (!unit.getModifiers().contains(JavaModifier.PUBLIC)
                                    && !unit.getModifiers().contains(JavaModifier.PROTECTED)) {
                                continue;
                            }
                            List<JavaClass> signature = new ArrayList<>(unit.getRawParameterTypes());
                            signature.add(unit.getRawReturnType());
                            for (JavaClass t : signature) {
                                if (t.getPackageName().contains(".internal")) {
                                    events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + t.getName()));
                                }
                            }
                        }
                        type.getFields().stream()
                                .filter(f -> f.getModifiers().contains(JavaModifier.PUBLIC))
                                .filter(f -> f.getRawType().getPackageName().contains(".internal"))
                                .forEach(f -> events.add(SimpleConditionEvent.violated(f, f.getFullName() + " is internal")));
                    }
                })
                .check(main);
    }

    @Test
    void recoveryDoesNotReachIntoTheSessionEngine() {
        noClasses().that().resideInAPackage("dev.tau4j.internal.recovery..")
                .should().dependOnClassesThat().resideInAPackage("dev.tau4j.internal.session..")
                .check(main);
    }

    @Test
    void coreDependsOnNeitherTheDebugServerNorTheCli() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.tau4j.debug..", "dev.tau4j.cli..",
                "dev.tau4j.examples..", "dev.tau4j.bench..", "dev.tau4j.simulator..")
                .check(main);
    }

    @Test
    void apiPackagesDependOnTheEngineOnlyThroughItsEntryPoints() {
        noClasses().that().resideInAnyPackage(API)
                .should().dependOnClassesThat().resideInAnyPackage("dev.tau4j.internal.recovery..")
                .check(main);
    }

    @Test
    void onlyTheStateMachineAssignsTheSessionState() {
        DescribedPredicate<JavaFieldAccess> writesAState = new DescribedPredicate<>("a write of a SessionState field") {
            @Override
            public boolean test(JavaFieldAccess access) {
                return access.getAccessType() == JavaFieldAccess.AccessType.SET
                        && access.getTarget().getRawType().isEquivalentTo(SessionState.class)
                        && !access.getOrigin().getOwner().isEquivalentTo(SessionState.class);
            }
        };
        noClasses().that().doNotHaveFullyQualifiedName("dev.tau4j.internal.session.StateMachine")
                .should().accessFieldWhere(writesAState)
                .check(main);
    }

    @Test
    void noTestDependsOnAnEngineClass() {
        noClasses().that().resideOutsideOfPackages("dev.tau4j.internal..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.tau4j.internal.session.DefaultSession")
                .check(tests);
    }
}
