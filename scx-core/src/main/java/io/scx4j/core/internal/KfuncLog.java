package io.scx4j.core.internal;

import io.scx4j.api.Scx;
import io.scx4j.api.Task;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link Scx} a policy sees while a call-log sink is subscribed: every helper call is forwarded to the engine's
 * helpers and reported to the sinks as a {@code kind "kfunc"} call with its arguments and result.
 *
 * <p>Helper names are reported in the kernel's spelling, {@code scx_bpf_} plus the method name in snake case
 * ({@code dsqInsert} → {@code scx_bpf_dsq_insert}). A task argument is reported as the call's pid, other arguments
 * in order, comma separated. A helper called inside a callback is logged before that callback's own line when the
 * callback line carries a result ({@code select_cpu}), after it otherwise.
 *
 * <p>This costs a reflective call and a few strings per helper call, so the engine binds it only when a sink asks
 * for calls ({@link io.scx4j.core.EventSink#wantsCalls()}); runs without a call log use the helpers directly.
 */
final class KfuncLog implements InvocationHandler {
    private static final ConcurrentMap<String, String> KERNEL_NAMES = new ConcurrentHashMap<>();

    static {
        // named here, not inside the first callback that calls a helper, where the time would count against its budget
        for (Method m : Scx.class.getMethods()) {
            kernelName(m.getName());
        }
    }

    private final Kernel kernel;
    private final Scx target;

    private KfuncLog(Kernel kernel, Scx target) {
        this.kernel = kernel;
        this.target = target;
    }

    /** An {@link Scx} that logs every call to {@code kernel}'s sinks and forwards it to {@code target}. */
    static Scx wrap(Kernel kernel, Scx target) {
        return (Scx) Proxy.newProxyInstance(Scx.class.getClassLoader(), new Class<?>[] {Scx.class},
                new KfuncLog(kernel, target));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return method.invoke(target, args);
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        int pid = -1;
        StringBuilder formatted = new StringBuilder();
        for (Object a : args == null ? new Object[0] : args) {
            if (a instanceof Task t && pid == -1) {
                pid = t.pid();
                continue;
            }
            if (!formatted.isEmpty()) {
                formatted.append(", ");
            }
            formatted.append(a instanceof Object[] array ? Arrays.toString(array) : String.valueOf(a));
        }
        String shown = method.getReturnType() == void.class ? ""
                : result instanceof Task t ? Integer.toString(t.pid()) : String.valueOf(result);
        kernel.logKfunc(kernelName(method.getName()), pid, formatted.toString(), shown);
        return result;
    }

    /** {@code dsqInsertVtime} → {@code scx_bpf_dsq_insert_vtime}. */
    static String kernelName(String javaName) {
        return KERNEL_NAMES.computeIfAbsent(javaName,
                n -> "scx_bpf_" + n.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT));
    }
}
