package io.scx4j.core;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.scx4j.api.SchedOps;
import io.scx4j.topology.Topology;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Guice wiring of one engine: binds the {@link Topology}, the {@link EngineConfig}, the {@link PolicyRegistry}, the
 * policy chosen by name (through the registry; {@code Optional.empty()} for {@value PolicyRegistry#FAIR}), the set of
 * {@link EventSink}s (a {@link Multibinder}; other modules add theirs with {@link #sinks(Binder)}), and provides a
 * new {@link Engine} with the sinks subscribed and the policy loaded.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *         new EngineModule(TopologyPresets.get("flat-4"), EngineConfig.defaults(), "simple", Map.of()),
 *         binder -> EngineModule.sinks(binder).addBinding().toInstance(new CallLogSink(writer)));
 * Engine engine = injector.getInstance(Engine.class);
 * engine.addWorkload(workload).run(Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>{@link Engine} is unscoped: each injection is a fresh machine with a fresh policy instance.
 */
public final class EngineModule extends AbstractModule {
    private final Topology topology;
    private final EngineConfig config;
    private final String policy;
    private final Map<String, String> options;
    private final PolicyRegistry registry;

    /** A module whose registry discovers providers with {@link PolicyRegistry#load()}. */
    public EngineModule(Topology topology, EngineConfig config, String policy, Map<String, String> options) {
        this(topology, config, policy, options, PolicyRegistry.load());
    }

    /** A module that takes policies from {@code registry}. */
    public EngineModule(Topology topology, EngineConfig config, String policy, Map<String, String> options,
            PolicyRegistry registry) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.config = Objects.requireNonNull(config, "config");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.options = Map.copyOf(options);
        this.registry = Objects.requireNonNull(registry, "registry");
        registry.entry(policy); // fail fast, at module construction, on an unknown name
    }

    /** The sink set, for modules that contribute sinks: {@code sinks(binder).addBinding().to(MySink.class)}. */
    public static Multibinder<EventSink> sinks(Binder binder) {
        return Multibinder.newSetBinder(binder, EventSink.class);
    }

    @Override
    protected void configure() {
        bind(Topology.class).toInstance(topology);
        bind(EngineConfig.class).toInstance(config);
        bind(PolicyRegistry.class).toInstance(registry);
        sinks(binder());
    }

    /** A new instance of the chosen policy, or empty for {@value PolicyRegistry#FAIR}. */
    @Provides
    Optional<SchedOps> policy(PolicyRegistry policies) {
        return policies.create(policy, options);
    }

    /** A new engine with every bound sink subscribed and the policy loaded. */
    @Provides
    Engine engine(Topology t, EngineConfig c, Set<EventSink> eventSinks, Optional<SchedOps> ops) {
        Engine engine = new Engine(t, c);
        eventSinks.forEach(engine::addSink);
        ops.ifPresent(p -> {
            int ret = engine.load(p);
            if (ret != 0) {
                throw new IllegalStateException("policy '" + policy + "' (" + registry.location(policy)
                        + ") was refused at load: errno " + ret);
            }
        });
        return engine;
    }
}
