package io.scx4j.core.internal.instrument;

import io.scx4j.api.guard.MayGoto;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassHierarchyResolver;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A class loader that defines policy classes with loop checks in them ({@link BackEdgeInstrumenter}), so that a
 * policy callback spinning without calling any helper can be stopped at its budget.
 *
 * <p>Which classes it defines, child first and instrumented:
 * <ul>
 *   <li>every class in its jars (a plugin directory's {@code *.jar});
 *   <li>classes of the <em>claimed</em> packages (and their sub-packages) that only its parent has: the package of a
 *       provider instrumented explicitly, and always scx-lib ({@code io.scx4j.lib}), whose helpers policies loop in.
 *       These get their own instrumented copy here; the parent's copy stays as it is.
 * </ul>
 * Classes of the packages the engine and a policy share ({@code io.scx4j.api}, {@code io.scx4j.topology},
 * {@code io.scx4j.core}, {@code org.jspecify}, the JDK) always come from the parent, even if a jar carries a copy:
 * they are the contract between the two (one {@code Task}, one {@code SchedOps} type), and a jar must not replace
 * {@link MayGoto} with one that does not check. Everything else not found in the jars (a library on the application
 * class path) comes from the parent, uninstrumented.
 *
 * <p>Why a {@link URLClassLoader} and not a {@link ModuleLayer}: the loader must define the classes itself (to rewrite
 * them), which a layer built with {@code defineModulesWithOneLoader} does not allow; a custom loader per layer module
 * would have to implement module-aware lookups for little gain. Classes defined here live in the loader's unnamed
 * module, which reads every module, so plugin code links against {@code io.scx4j.api} whether the engine runs on the
 * module path or the class path. The cost: a plugin jar is found through {@code META-INF/services} only (its
 * {@code module-info}'s {@code provides} is not read), and a plugin's own module boundaries are not enforced.
 *
 * <p>Requires the engine's supervisor to be installed in {@link MayGoto} before construction: without it, the
 * inserted checks would do nothing.
 */
public final class InstrumentingClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Package prefixes always loaded from the parent: the JDK and the engine/policy contract. */
    private static final List<String> SHARED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.jspecify.",
            "io.scx4j.api.", "io.scx4j.topology.", "io.scx4j.core.");

    /** Package prefixes instrumented even when only the parent has them. */
    private static final List<String> ALWAYS_CLAIMED = List.of("io.scx4j.lib.");

    private final List<String> claimed;
    private final ClassHierarchyResolver hierarchy;
    private final Map<URL, ProtectionDomain> domains = new ConcurrentHashMap<>();
    private final Set<String> fromJars = ConcurrentHashMap.newKeySet();
    private final AtomicInteger classes = new AtomicInteger();
    private final AtomicInteger backEdges = new AtomicInteger();

    /**
     * @param name            the loader's name (shows in stack traces), e.g. {@code scx-plugins:/opt/scx/plugins}
     * @param jars            jars whose classes are defined here, searched in order
     * @param parent          where the shared and every other class comes from
     * @param claimedPackages packages (with their sub-packages) to instrument from the parent's resources too
     * @throws IllegalStateException if no supervisor is installed in {@link MayGoto}
     * @throws IllegalArgumentException if a claimed package is one of the shared ones
     */
    public InstrumentingClassLoader(String name, List<URL> jars, ClassLoader parent, List<String> claimedPackages) {
        super(name, jars.toArray(URL[]::new), Objects.requireNonNull(parent, "parent"));
        if (!MayGoto.isSupervised()) {
            throw new IllegalStateException("no MayGoto supervisor installed: instrumented loops would not be checked");
        }
        for (String p : claimedPackages) {
            if (isShared(p + ".")) {
                throw new IllegalArgumentException("package " + p + " is shared between the engine and policies and"
                        + " is never instrumented; put the policy in a package of its own");
            }
        }
        this.claimed = Stream.concat(ALWAYS_CLAIMED.stream(), claimedPackages.stream().map(p -> p + ".")).toList();
        this.hierarchy = ClassHierarchyResolver.defaultResolver()
                .orElse(ClassHierarchyResolver.ofResourceParsing(this)).cached();
    }

    /** True if {@code type} was defined here from one of the loader's jars (not a claimed copy of a parent class). */
    public boolean isFromJars(Class<?> type) {
        return type.getClassLoader() == this && fromJars.contains(type.getName());
    }

    /** Classes instrumented so far. */
    public int instrumentedClasses() {
        return classes.get();
    }

    /** Back-edge checks inserted so far, over all classes. */
    public int insertedBackEdges() {
        return backEdges.get();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && !isShared(name)) {
                c = defineInstrumented(name);
            }
            if (c == null) {
                c = getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** Never defines an uninstrumented class (URLClassLoader's own findClass would). */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = isShared(name) ? null : defineInstrumented(name);
        if (c == null) {
            throw new ClassNotFoundException(name);
        }
        return c;
    }

    private static boolean isShared(String name) {
        for (String p : SHARED) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private boolean isClaimed(String name) {
        for (String p : claimed) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private Class<?> defineInstrumented(String name) throws ClassNotFoundException {
        String path = name.replace('.', '/') + ".class";
        URL url = findResource(path);
        boolean jar = url != null;
        if (url == null && isClaimed(name)) {
            url = getParent().getResource(path);
        }
        if (url == null) {
            return null;
        }
        byte[] original;
        try (InputStream in = url.openStream()) {
            original = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": cannot read " + url, e);
        }
        BackEdgeInstrumenter.Result r;
        try {
            r = BackEdgeInstrumenter.instrument(original, hierarchy);
        } catch (IllegalArgumentException e) {
            throw new ClassFormatError("cannot instrument " + name + " from " + url + ": " + e.getMessage());
        }
        Class<?> c = defineClass(name, r.bytes(), 0, r.bytes().length, domainOf(url, path));
        if (jar) {
            fromJars.add(name);
        }
        classes.incrementAndGet();
        backEdges.addAndGet(r.backEdges());
        return c;
    }

    /** One protection domain per code base: the jar, or the class directory, the class was read from. */
    private ProtectionDomain domainOf(URL resource, String path) {
        URL base = codeBase(resource, path);
        return domains.computeIfAbsent(base,
                b -> new ProtectionDomain(new CodeSource(b, (CodeSigner[]) null), null, this, null));
    }

    private static URL codeBase(URL resource, String path) {
        String s = resource.toString();
        try {
            if (s.startsWith("jar:") && s.contains("!/")) {
                return URI.create(s.substring(4, s.indexOf("!/"))).toURL();
            }
            if (s.endsWith(path)) {
                return URI.create(s.substring(0, s.length() - path.length())).toURL();
            }
        } catch (MalformedURLException | IllegalArgumentException e) {
            // fall through: the resource itself is the best location there is
        }
        return resource;
    }
}
