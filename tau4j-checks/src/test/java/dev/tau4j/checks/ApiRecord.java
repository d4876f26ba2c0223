package dev.tau4j.checks;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A module's public API as text, OkHttp-style: every public class and its public and protected members, one line
 * each, sorted, from the compiled classes (reflection, without initialising them). Packages named {@code internal}
 * are left out; so are synthetic members. The format is for review diffs, not for tools.
 */
final class ApiRecord {

    private ApiRecord() {
    }

    /** The record of the classes compiled into {@code classes} (a module's target/classes), loaded by {@code loader}. */
    static String of(Path classes, ClassLoader loader) throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(classes::relativize).map(Path::toString).filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
                    .filter(n -> !n.contains(".internal.") && !n.endsWith(".internal"))
                    .sorted().toList();
        }
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new AssertionError("cannot load " + name + " from the test class path: " + e, e);
            }
            if (isApi(type)) {
                out.append(header(type)).append('\n');
                members(type).forEach(m -> out.append("  ").append(m).append('\n'));
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Public, not synthetic, not local or anonymous, and every enclosing class is API too. */
    static boolean isApi(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        int modifiers = type.getModifiers();
        Class<?> enclosing = type.getDeclaringClass();
        if (enclosing == null) {
            return Modifier.isPublic(modifiers);
        }
        return (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)) && isApi(enclosing);
    }

    private static String header(Class<?> type) {
        List<String> words = new ArrayList<>();
        int m = type.getModifiers();
        words.add(Modifier.isPublic(m) ? "public" : "protected");
        if (type.getDeclaringClass() != null && Modifier.isStatic(m) && !type.isInterface() && !type.isEnum() && !type.isRecord()) {
            words.add("static");
        }
        if (type.isSealed()) {
            words.add("sealed");
        }
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
        } else if (type.isInterface()) {
            kind = "interface";
        } else if (type.isEnum()) {
            kind = "enum";
        } else if (type.isRecord()) {
            kind = "record";
        } else {
            if (Modifier.isAbstract(m)) {
                words.add("abstract");
            }
            if (Modifier.isFinal(m)) {
                words.add("final");
            }
            kind = "class";
        }
        words.add(kind);
        StringBuilder line = new StringBuilder(String.join(" ", words)).append(' ').append(name(type))
                .append(typeParameters(type.getTypeParameters()));
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && superclass != Record.class && !type.isEnum()) {
            line.append(" extends ").append(name(superclass));
        }
        List<String> interfaces = Arrays.stream(type.getGenericInterfaces()).map(ApiRecord::name)
                .filter(i -> !type.isAnnotation() || !i.equals("java.lang.annotation.Annotation")).toList();
        if (!interfaces.isEmpty()) {
            line.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        if (type.isSealed()) {
            List<String> permitted = Arrays.stream(type.getPermittedSubclasses()).filter(ApiRecord::isApi)
                    .map(ApiRecord::name).sorted().toList();
            long hidden = type.getPermittedSubclasses().length - permitted.size();
            line.append(" permits ").append(String.join(", ", permitted));
            if (hidden > 0) {
                line.append(permitted.isEmpty() ? "" : ", ").append(hidden).append(" non-public");
            }
        }
        return line.toString();
    }

    private static List<String> members(Class<?> type) {
        List<String> lines = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                lines.add(field(f));
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers()) && !c.isSynthetic()) {
                lines.add(executable(c, type));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
                lines.add(executable(method, type));
            }
        }
        return lines.stream().sorted().toList();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String field(Field f) {
        StringBuilder line = new StringBuilder();
        if (f.isAnnotationPresent(Deprecated.class)) {
            line.append("@Deprecated ");
        }
        if (f.isEnumConstant()) {
            return line.append("enum constant ").append(f.getName()).toString();
        }
        line.append(Modifier.toString(f.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL)))
                .append(' ').append(name(f.getGenericType())).append(' ').append(f.getName());
        return line.toString();
    }

    private static String executable(Executable e, Class<?> owner) {
        StringBuilder line = new StringBuilder();
        if (e.isAnnotationPresent(Deprecated.class)) {
            line.append("@Deprecated ");
        }
        int mask = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.SYNCHRONIZED;
        if (!owner.isInterface()) {
            mask |= Modifier.ABSTRACT;
        }
        String modifiers = Modifier.toString(e.getModifiers() & mask);
        line.append(modifiers);
        if (e instanceof Method m && m.isDefault()) {
            line.append(" default");
        }
        String typeParameters = typeParameters(e.getTypeParameters());
        if (!typeParameters.isEmpty()) {
            line.append(' ').append(typeParameters);
        }
        if (e instanceof Method m) {
            line.append(' ').append(name(m.getGenericReturnType())).append(' ').append(m.getName());
        } else {
            line.append(' ').append(owner.getSimpleName());
        }
        Type[] parameters = e.getGenericParameterTypes();
        if (parameters.length != e.getParameterCount()) {   // inner class or enum constructors: no generic information
            parameters = e.getParameterTypes();
        }
        List<String> names = new ArrayList<>(Arrays.stream(parameters).map(ApiRecord::name).toList());
        if (e.isVarArgs() && !names.isEmpty()) {
            String last = names.removeLast();
            names.add(last.substring(0, last.length() - 2) + "...");
        }
        line.append('(').append(String.join(", ", names)).append(')');
        Type[] exceptions = e.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            line.append(" throws ").append(Arrays.stream(exceptions).map(ApiRecord::name).sorted().collect(Collectors.joining(", ")));
        }
        if (e instanceof Method m && m.getDefaultValue() != null) {
            line.append(" default ").append(m.getDefaultValue() instanceof Object[] array ? Arrays.toString(array) : m.getDefaultValue());
        }
        return line.toString();
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(v -> {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class).map(ApiRecord::name).toList();
            return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
        }).collect(Collectors.joining(", ", "<", ">"));
    }

    /** A type as source would name it: nested classes with a dot, generics kept. */
    private static String name(Type type) {
        if (type instanceof Class<?> c) {
            return c.isArray() ? name(c.getComponentType()) + "[]" : c.getName().replace('$', '.');
        }
        return type.getTypeName().replace('$', '.');
    }
}
