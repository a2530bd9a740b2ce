package io.gev.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.asm.ClassReader;
import org.springframework.util.ClassUtils;

/**
 * The classes a class's byte code names: every class entry of its constant pool (the owners of the methods and
 * fields it calls, what it instantiates, casts to or tests with {@code instanceof}) and every class in its
 * descriptors and generic signatures, for it and its superclasses outside the JDK. Read at build time (AOT), never
 * on a running server. Classes that cannot be loaded are left out.
 */
final class ReferencedClasses {

    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_CLASS = 7;
    private static final Pattern DESCRIBED_CLASS = Pattern.compile("L([\\w/$]+)[;<]");

    private ReferencedClasses() {
    }

    static Set<Class<?>> of(Class<?> type, ClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
            names.addAll(namesIn(c, loader));
        }
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (String name : names) {
            try {
                classes.add(ClassUtils.forName(name, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // named but not loadable here: nothing to register for it
            }
        }
        return classes;
    }

    private static Set<String> namesIn(Class<?> type, ClassLoader loader) {
        String resource = ClassUtils.convertClassNameToResourcePath(type.getName()) + ClassUtils.CLASS_FILE_SUFFIX;
        Set<String> names = new LinkedHashSet<>();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return names;
            }
            ClassReader reader = new ClassReader(in);
            char[] buffer = new char[reader.getMaxStringLength()];
            for (int i = 1; i < reader.getItemCount(); i++) {
                int offset = reader.getItem(i); // 0 for the second slot of a long or a double
                int tag = offset == 0 ? 0 : reader.readByte(offset - 1);
                if (tag == CONSTANT_CLASS) {
                    addInternalName(names, reader.readUTF8(offset, buffer));
                }
                else if (tag == CONSTANT_UTF8) {
                    String utf8 = new String(reader.b, offset + 2, reader.readUnsignedShort(offset),
                            StandardCharsets.UTF_8);
                    Matcher m = DESCRIBED_CLASS.matcher(utf8);
                    while (m.find()) {
                        addInternalName(names, m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable class file names nothing
        }
        return names;
    }

    private static void addInternalName(Set<String> names, String internalName) {
        if (!internalName.startsWith("[")) {
            names.add(internalName.replace('/', '.'));
        }
    }

    private static boolean isJdk(Class<?> c) {
        return c.getName().startsWith("java.");
    }
}
