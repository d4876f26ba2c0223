package dev.tau4j.simulator;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link RealtimeSimulatorTest}: one default simulator per test class,
 * stored in the class's extension store (so it is closed when the class finishes), injected as a
 * parameter or into (static or instance) fields of type {@link RealtimeSimulator}.
 */
public final class RealtimeSimulatorExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealtimeSimulatorExtension.class);

    private record Holder(RealtimeSimulator sim) implements AutoCloseable {
        @Override
        public void close() {
            sim.close();
        }
    }

    private static RealtimeSimulator simulator(ExtensionContext ctx) {
        ExtensionContext classCtx = ctx;
        while (classCtx.getTestMethod().isPresent() && classCtx.getParent().isPresent()) {
            classCtx = classCtx.getParent().get();
        }
        return classCtx.getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(RealtimeSimulator.start()), Holder.class).sim();
    }

    @Override
    public void beforeAll(ExtensionContext ctx) throws Exception {
        inject(ctx, null, simulator(ctx));
    }

    @Override
    public void beforeEach(ExtensionContext ctx) throws Exception {
        inject(ctx, ctx.getRequiredTestInstance(), simulator(ctx));
    }

    private static void inject(ExtensionContext ctx, Object instance, RealtimeSimulator sim) throws IllegalAccessException {
        for (Class<?> c = ctx.getRequiredTestClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == RealtimeSimulator.class && Modifier.isStatic(f.getModifiers()) == (instance == null)) {
                    f.setAccessible(true);
                    f.set(instance, sim);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        return p.getParameter().getType() == RealtimeSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        return simulator(ctx);
    }
}
