package shears.sim.compiled;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one generated Java source to classes in memory with the JDK's own compiler
 * ({@code javax.tools}) and loads them in a private class loader. The class path given to the
 * compiler is the location of the Shears simulator classes, so it works from a jar, Maven or an IDE.
 */
final class InMemoryJavaCompiler {
    private InMemoryJavaCompiler() {}

    /** A loaded class and the longest method, in bytecode bytes, of all the classes compiled with it. */
    record Compiled(Class<?> type, int largestMethodBytes) {}

    static Compiled compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the compiled engine needs a JDK (javax.tools compiler); this is a JRE");
        }
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        try (StandardJavaFileManager std = javac.getStandardFileManager(diags, null, null)) {
            ForwardingJavaFileManager<StandardJavaFileManager> fm = new ForwardingJavaFileManager<>(std) {
                @Override
                public JavaFileObject getJavaFileForOutput(
                        Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                    return new SimpleJavaFileObject(
                            URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                        @Override
                        public OutputStream openOutputStream() {
                            ByteArrayOutputStream b = new ByteArrayOutputStream();
                            out.put(name, b);
                            return b;
                        }
                    };
                }
            };
            JavaFileObject src =
                    new SimpleJavaFileObject(
                            URI.create("string:///" + className.replace('.', '/') + ".java"),
                            JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return source;
                        }
                    };
            List<String> opts =
                    List.of("-classpath", classPath(), "-g:none", "-nowarn", "-proc:none", "--release", "17");
            Boolean ok =
                    javac.getTask(null, fm, diags, opts, null, List.of(src)).call();
            if (!ok) {
                StringBuilder sb = new StringBuilder("generated model failed to compile:");
                for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                    sb.append("\n  line ")
                            .append(d.getLineNumber())
                            .append(": ")
                            .append(d.getMessage(null));
                    if (sb.length() > 4000) {
                        break;
                    }
                }
                throw new IllegalStateException(sb.toString());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ClassLoader loader = new ClassLoader(InMemoryJavaCompiler.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream b = out.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = b.toByteArray();
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        int largest = 0;
        for (ByteArrayOutputStream b : out.values()) {
            largest = Math.max(largest, MethodSizes.largest(b.toByteArray()));
        }
        try {
            return new Compiled(loader.loadClass(className), largest);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String classPath() {
        try {
            String self = Path.of(CompiledModel.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            String rest = System.getProperty("java.class.path", "");
            return rest.isEmpty() ? self : self + File.pathSeparator + rest;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
