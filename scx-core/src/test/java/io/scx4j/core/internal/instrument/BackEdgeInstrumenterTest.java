package io.scx4j.core.internal.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.scx4j.api.guard.MayGoto;
import io.scx4j.core.internal.RunawaySupervisor;
import io.scx4j.testplugins.LoopShapes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the instrumenter inserts, counted in the rewritten bytecode, and that the rewritten code computes the same. */
class BackEdgeInstrumenterTest {
    private static final String MAY_GOTO = MayGoto.class.getName().replace('.', '/');

    private static byte[] original() throws IOException {
        try (InputStream in = LoopShapes.class.getResourceAsStream("LoopShapes.class")) {
            return in.readAllBytes();
        }
    }

    /** Per method: "count checks/handler checks", counted as calls to MayGoto.check and MayGoto.handlerEntry. */
    private static Map<String, String> checksPerMethod(byte[] classFile) {
        Map<String, String> out = new TreeMap<>();
        for (MethodModel m : ClassFile.of().parse(classFile).methods()) {
            int backEdges = 0;
            int handlers = 0;
            for (CodeElement e : m.code().map(c -> c.elementList()).orElse(List.of())) {
                if (e instanceof InvokeInstruction i && i.owner().asInternalName().equals(MAY_GOTO)) {
                    if (i.name().equalsString("check")) {
                        backEdges++;
                    } else if (i.name().equalsString("handlerEntry")) {
                        handlers++;
                    }
                }
            }
            out.put(m.methodName().stringValue(), backEdges + "/" + handlers);
        }
        return out;
    }

    @Test
    void eachLoopGetsOneBackEdgeCheckAndOnlyThrowableOrErrorHandlersGetAnEntryCheck() throws IOException {
        BackEdgeInstrumenter.Result r = BackEdgeInstrumenter.instrument(original(),
                ClassHierarchyResolver.defaultResolver());
        Map<String, String> checks = checksPerMethod(r.bytes());
        assertEquals("0/0", checks.get("straight"));
        assertEquals("1/0", checks.get("countedLoop"));
        assertEquals("2/0", checks.get("nestedLoops"));
        assertEquals("1/0", checks.get("total"));
        assertEquals("0/2", checks.get("caught"), "catch (Error) and catch (Throwable)");
        assertEquals("0/0", checks.get("specificAndFinally"), "catch (NumberFormatException) and finally");
        assertEquals(4, r.backEdges());
        assertEquals(2, r.handlers());
        assertEquals("0/0", checksPerMethod(original()).get("countedLoop"), "the original had none");
        // the count is one new local, only in methods with a loop
        Map<String, Integer> before = maxLocals(original());
        Map<String, Integer> after = maxLocals(r.bytes());
        assertEquals(before.get("countedLoop") + 1, after.get("countedLoop"));
        assertEquals(before.get("nestedLoops") + 1, after.get("nestedLoops"), "one count shared by both loops");
        assertEquals(before.get("straight"), after.get("straight"));
        assertEquals(before.get("caught"), after.get("caught"));
    }

    private static Map<String, Integer> maxLocals(byte[] classFile) {
        Map<String, Integer> out = new TreeMap<>();
        for (MethodModel m : ClassFile.of().parse(classFile).methods()) {
            m.findAttribute(Attributes.code()).ifPresent(c -> out.put(m.methodName().stringValue(), c.maxLocals()));
        }
        return out;
    }

    @Test
    void theInstrumentedCopyComputesWhatTheOriginalDoes() throws ReflectiveOperationException {
        RunawaySupervisor.ensureInstalled();
        try (var loader = new InstrumentingClassLoader("test", List.of(), LoopShapes.class.getClassLoader(),
                List.of(LoopShapes.class.getPackageName()))) {
            Class<?> copy = loader.loadClass(LoopShapes.class.getName());
            assertNotSame(LoopShapes.class, copy);
            assertEquals(4, loader.insertedBackEdges());
            assertEquals(45L, call(copy, "countedLoop", new Class<?>[] {int.class}, 10)); // 0+1+…+9
            assertEquals(10, call(copy, "nestedLoops", new Class<?>[] {int.class}, 5)); // C(5,2)
            assertEquals(6, call(copy, "total", new Class<?>[] {List.class}, List.of(1, 2, 3)));
            Runnable throwsError = () -> {
                throw new AssertionError("boom");
            };
            Runnable throwsException = () -> {
                throw new IllegalStateException("boom");
            };
            assertEquals("error", call(copy, "caught", new Class<?>[] {Runnable.class}, throwsError));
            assertEquals("throwable", call(copy, "caught", new Class<?>[] {Runnable.class}, throwsException));
            assertEquals("ok", call(copy, "caught", new Class<?>[] {Runnable.class}, (Runnable) () -> {}));
            assertEquals(-1, call(copy, "specificAndFinally", new Class<?>[] {String.class}, "x"));
            assertEquals(42, call(copy, "specificAndFinally", new Class<?>[] {String.class}, "42"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Object call(Class<?> type, String name, Class<?>[] params, Object arg)
            throws ReflectiveOperationException {
        Method m = type.getMethod(name, params);
        return m.invoke(null, arg);
    }
}
