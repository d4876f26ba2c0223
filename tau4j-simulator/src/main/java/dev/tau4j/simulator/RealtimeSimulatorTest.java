package dev.tau4j.simulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one {@link RealtimeSimulator} per test class (closed after the class) and injects it into
 * test and lifecycle method parameters and into fields of type {@code RealtimeSimulator}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealtimeSimulatorExtension.class)
public @interface RealtimeSimulatorTest {}
