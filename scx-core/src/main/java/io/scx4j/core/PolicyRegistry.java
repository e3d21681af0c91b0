package io.scx4j.core;

import io.scx4j.api.PolicyConfig;
import io.scx4j.api.PolicyDecoratorProvider;
import io.scx4j.api.PolicyOption;
import io.scx4j.api.PolicyOptionException;
import io.scx4j.api.PolicyProvider;
import io.scx4j.api.SchedOps;
import io.scx4j.core.internal.RunawaySupervisor;
import io.scx4j.core.internal.instrument.InstrumentingClassLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The policies the engine can load, by name: every {@link PolicyProvider} and {@link PolicyDecoratorProvider} found
 * with {@link ServiceLoader} (on the module path and the class path), plus the built-in pseudo-policy
 * {@value #FAIR}, which means "no sched_ext policy loaded": every task runs under the fair class, the baseline a
 * policy is compared against (the kernel with no BPF scheduler attached).
 *
 * <pre>{@code
 * PolicyRegistry registry = PolicyRegistry.load();
 * Optional<SchedOps> policy = registry.create("simple", Map.of("slice_us", "5000"));
 * policy.ifPresent(engine::load);   // empty for "fair"
 * }</pre>
 *
 * <p>Plugin jars in a directory are loaded with {@link #loadPlugins(java.nio.file.Path)}, through a class loader that
 * instruments their loops so a callback spinning without calling any helper is still ejected at its budget; a
 * class-path provider can be reloaded that way with {@link #instrumented(Class)} (scx-core's README, "Runaway
 * callbacks").
 *
 * <p>Names are unique: two providers with one name, or a provider named {@value #FAIR}, is an error that names
 * where each was found.
 */
public final class PolicyRegistry {
    /** The pseudo-policy "no sched_ext policy": tasks stay on the fair class. */
    public static final String FAIR = "fair";

    /**
     * One registered policy, for listings ({@code scx list}).
     *
     * @param name        the name users select it by
     * @param description one line
     * @param options     declared options
     * @param location    where it was found: the module name and/or jar / directory, or {@code built-in}
     * @param decorator   true for a {@link PolicyDecoratorProvider}
     */
    public record Entry(String name, String description, List<PolicyOption<?>> options, String location,
            boolean decorator) {
        public Entry {
            options = List.copyOf(options);
        }
    }

    private static final Entry FAIR_ENTRY = new Entry(FAIR,
            "no sched_ext policy: every task runs under the fair class (the baseline)", List.of(), "built-in", false);

    private final SortedMap<String, PolicyProvider> providers = new TreeMap<>();
    private final SortedMap<String, PolicyDecoratorProvider> decorators = new TreeMap<>();
    private final SortedMap<String, Entry> entries = new TreeMap<>();

    /** A registry of exactly these providers (and {@value #FAIR}); for tests and for embedding. */
    public PolicyRegistry(Iterable<? extends PolicyProvider> policies) {
        this(policies, List.of());
    }

    /** A registry of exactly these providers and decorators (and {@value #FAIR}). */
    public PolicyRegistry(Iterable<? extends PolicyProvider> policies,
            Iterable<? extends PolicyDecoratorProvider> decoratorProviders) {
        entries.put(FAIR, FAIR_ENTRY);
        for (PolicyProvider p : policies) {
            Entry e = new Entry(checkedName(p.name(), p), p.description(), p.options(), locationOf(p.getClass()),
                    false);
            register(e);
            providers.put(e.name(), p);
        }
        for (PolicyDecoratorProvider d : decoratorProviders) {
            Entry e = new Entry(checkedName(d.name(), d), d.description(), d.options(), locationOf(d.getClass()),
                    true);
            register(e);
            decorators.put(e.name(), d);
        }
    }

    /**
     * Discovers providers with {@link ServiceLoader}: named modules of the boot layer that {@code provides} them, and
     * {@code META-INF/services} entries on the class path (through the thread's context class loader).
     */
    public static PolicyRegistry load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : PolicyRegistry.class.getClassLoader());
    }

    /** Discovers providers visible to {@code loader} (module path and class path). */
    public static PolicyRegistry load(ClassLoader loader) {
        List<PolicyProvider> policies = new ArrayList<>();
        ServiceLoader.load(PolicyProvider.class, loader).forEach(policies::add);
        List<PolicyDecoratorProvider> decs = new ArrayList<>();
        ServiceLoader.load(PolicyDecoratorProvider.class, loader).forEach(decs::add);
        return new PolicyRegistry(dedupe(policies), dedupe(decs));
    }

    /** Discovers providers in the modules of {@code layer} and its parents (for plugin directories). */
    public static PolicyRegistry load(ModuleLayer layer) {
        List<PolicyProvider> policies = new ArrayList<>();
        ServiceLoader.load(layer, PolicyProvider.class).forEach(policies::add);
        List<PolicyDecoratorProvider> decs = new ArrayList<>();
        ServiceLoader.load(layer, PolicyDecoratorProvider.class).forEach(decs::add);
        return new PolicyRegistry(dedupe(policies), dedupe(decs));
    }

    /**
     * Discovers the providers in the plugin jars of directory {@code dir} ({@code *.jar}, in name order), loaded
     * through an instrumenting class loader: every loop in the plugins' code (and in the scx-lib code they use) checks
     * the callback budget at its back-edge, so a callback stuck in a loop that calls no helper is ejected like one that
     * keeps calling helpers (see scx-core's README, "Runaway callbacks"). Providers are found through each jar's
     * {@code META-INF/services} entries; providers elsewhere on the class path are not included (combine with
     * {@link #load()} through {@link #PolicyRegistry(Iterable, Iterable)} for both).
     *
     * @throws UncheckedIOException if {@code dir} cannot be listed, naming it
     * @throws IllegalStateException for two plugins with one name, or a provider without a name
     */
    public static PolicyRegistry loadPlugins(Path dir) {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin directory " + dir + ": " + e.getMessage(), e);
        }
        InstrumentingClassLoader loader = instrumentingLoader("scx-plugins:" + dir, jars,
                PolicyRegistry.class.getClassLoader(), List.of());
        List<PolicyProvider> policies = new ArrayList<>();
        for (ServiceLoader.Provider<PolicyProvider> p : ServiceLoader.load(PolicyProvider.class, loader).stream()
                .toList()) {
            if (loader.isFromJars(p.type())) {
                policies.add(p.get());
            }
        }
        List<PolicyDecoratorProvider> decs = new ArrayList<>();
        for (ServiceLoader.Provider<PolicyDecoratorProvider> p : ServiceLoader.load(PolicyDecoratorProvider.class,
                loader).stream().toList()) {
            if (loader.isFromJars(p.type())) {
                decs.add(p.get());
            }
        }
        return new PolicyRegistry(dedupe(policies), dedupe(decs));
    }

    /**
     * A new instance of {@code providerType}, loaded again through an instrumenting class loader, with its package
     * (and sub-packages) and scx-lib instrumented: the policies it creates can be stopped in a loop that calls no
     * helper. For tests and embedders whose policies sit on the application class path, where the JVM loads them
     * uninstrumented. The returned provider is of a different class than {@code providerType} (same name, another
     * loader), so cast it to {@link PolicyProvider} only.
     *
     * @throws IllegalArgumentException if the type has no public no-argument constructor, or lives in a package the
     *                                  engine shares with policies ({@code io.scx4j.api}, {@code io.scx4j.core}, …)
     */
    public static PolicyProvider instrumented(Class<? extends PolicyProvider> providerType) {
        ClassLoader parent = providerType.getClassLoader() != null ? providerType.getClassLoader()
                : ClassLoader.getSystemClassLoader();
        InstrumentingClassLoader loader = instrumentingLoader("scx-instrumented:" + providerType.getName(), List.of(),
                parent, List.of(providerType.getPackageName()));
        try {
            Class<?> copy = Class.forName(providerType.getName(), true, loader);
            return (PolicyProvider) copy.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("cannot instrument " + providerType.getName()
                    + ": its class file is not readable from its class loader", e);
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new IllegalArgumentException(providerType.getName()
                    + " needs a public no-argument constructor (as ServiceLoader does) to be instrumented", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(providerType.getName() + "'s constructor threw " + e.getCause(),
                    e.getCause());
        }
    }

    private static InstrumentingClassLoader instrumentingLoader(String name, List<URL> jars, ClassLoader parent,
            List<String> claimed) {
        RunawaySupervisor.ensureInstalled();
        return new InstrumentingClassLoader(name, jars, parent, claimed);
    }

    /** Policy names, sorted, including {@value #FAIR} (decorators not included). */
    public List<String> names() {
        return entries.values().stream().filter(e -> !e.decorator()).map(Entry::name).toList();
    }

    /** Decorator names, sorted. */
    public List<String> decoratorNames() {
        return List.copyOf(decorators.keySet());
    }

    /** Every policy and decorator, sorted by name, with where it was found. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /**
     * The entry named {@code name}.
     *
     * @throws IllegalArgumentException one line, listing the known names, if there is none
     */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw unknown("policy", name, names());
        }
        return e;
    }

    /**
     * The provider of policy {@code name}; empty for {@value #FAIR}.
     *
     * @throws IllegalArgumentException one line, listing the known names, if there is none
     */
    public Optional<PolicyProvider> provider(String name) {
        if (FAIR.equals(name)) {
            return Optional.empty();
        }
        PolicyProvider p = providers.get(name);
        if (p == null) {
            throw unknown("policy", name, names());
        }
        return Optional.of(p);
    }

    /**
     * The decorator provider {@code name}.
     *
     * @throws IllegalArgumentException one line, listing the known decorators, if there is none
     */
    public PolicyDecoratorProvider decorator(String name) {
        PolicyDecoratorProvider d = decorators.get(name);
        if (d == null) {
            throw unknown("decorator", name, decoratorNames());
        }
        return d;
    }

    /** Where the policy or decorator {@code name} was found (module and jar, or {@code built-in}). */
    public String location(String name) {
        return entry(name).location();
    }

    /**
     * A new policy {@code name} configured from user text ({@code KEY=VALUE} pairs); empty for {@value #FAIR}.
     *
     * @throws IllegalArgumentException for an unknown name (one line, listing the known names)
     * @throws PolicyOptionException    for an unknown option or a bad value (one line)
     */
    public Optional<SchedOps> create(String name, Map<String, String> rawOptions) {
        Objects.requireNonNull(rawOptions, "rawOptions");
        Optional<PolicyProvider> p = provider(name);
        if (p.isEmpty()) {
            PolicyConfig.parse(FAIR, List.of(), rawOptions); // fair takes no options: reject any, same wording
            return Optional.empty();
        }
        PolicyProvider provider = p.get();
        PolicyConfig config = PolicyConfig.parse(name, provider.options(), rawOptions);
        return Optional.of(Objects.requireNonNull(provider.create(config),
                () -> "policy provider '" + name + "' (" + location(name) + ") returned null from create()"));
    }

    /**
     * {@code inner} wrapped by decorator {@code name}, configured from user text.
     *
     * @throws IllegalArgumentException for an unknown decorator
     * @throws PolicyOptionException    for an unknown option or a bad value
     */
    public SchedOps decorate(String name, SchedOps inner, Map<String, String> rawOptions) {
        PolicyDecoratorProvider d = decorator(name);
        PolicyConfig config = PolicyConfig.parse(name, d.options(), rawOptions);
        return Objects.requireNonNull(d.decorate(inner, config),
                () -> "decorator provider '" + name + "' (" + location(name) + ") returned null from decorate()");
    }

    @Override
    public String toString() {
        return "PolicyRegistry" + entries.keySet();
    }

    private void register(Entry e) {
        Entry old = entries.putIfAbsent(e.name(), e);
        if (old != null) {
            throw new IllegalStateException("two providers named '" + e.name() + "': " + old.location() + " and "
                    + e.location());
        }
    }

    private static String checkedName(String name, Object provider) {
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("provider " + provider.getClass().getName() + " ("
                    + locationOf(provider.getClass()) + ") has no name");
        }
        if (FAIR.equals(name)) {
            throw new IllegalStateException("provider " + provider.getClass().getName() + " ("
                    + locationOf(provider.getClass()) + ") uses the reserved name '" + FAIR + "'");
        }
        return name;
    }

    private static IllegalArgumentException unknown(String what, String name, List<String> known) {
        return new IllegalArgumentException("unknown " + what + " '" + name + "'; known: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    /** The same provider class may be seen twice (module path and a class-path copy); keep the first. */
    private static <T> List<T> dedupe(List<T> found) {
        var seen = new TreeSet<String>();
        List<T> out = new ArrayList<>();
        for (T t : found) {
            if (seen.add(t.getClass().getName())) {
                out.add(t);
            }
        }
        return out;
    }

    /** "module M, file:/…/x.jar", "class path, file:/…/x.jar", or what of it is known. */
    static String locationOf(Class<?> type) {
        Module m = type.getModule();
        String where = m.isNamed() ? "module " + m.getName() : "class path";
        String url = null;
        try {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            URL u = cs == null ? null : cs.getLocation();
            url = u == null ? null : u.toString();
        } catch (SecurityException e) {
            // no location then
        }
        if (url == null && m.isNamed() && m.getLayer() != null) {
            url = m.getLayer().configuration().findModule(m.getName())
                    .flatMap(r -> r.reference().location()).map(Object::toString).orElse(null);
        }
        return url == null ? where : where + ", " + url;
    }
}
