package io.scx4j.core.internal.instrument;

import io.scx4j.api.guard.MayGoto;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rewrites a class so that every loop in it can be stopped, the way the BPF verifier makes {@code may_goto} loops
 * stoppable ({@code kernel/bpf/verifier.c}, {@code do_misc_fixups}: a count kept in the program's own stack frame,
 * decremented at each iteration, and the clock consulted only when it runs out). Done at class-load time with the
 * JDK's {@code java.lang.classfile} API:
 * <ul>
 *   <li>a method with at least one loop gets a new {@code int} local, the <em>count</em>, set to
 *       {@link MayGoto#CHECK_INTERVAL} on entry;
 *   <li>before every backward jump: {@code if (--count <= 0) count = MayGoto.check();} ({@link MayGoto#check()}
 *       asks the engine whether the running callback is past its budget, and throws if so);
 *   <li>at the entry of every handler that catches {@link Throwable} or {@link Error}: {@link MayGoto#handlerEntry()}.
 * </ul>
 * The count lives in the frame (a register, once compiled), not in a shared field: the check costs a decrement and a
 * compare, stores nothing to memory, and is exact per thread.
 *
 * <p>A jump is backward when its target label was already bound earlier in the method's code: every loop javac
 * emits ({@code for}, {@code while}, {@code do}, enhanced {@code for}, labelled {@code continue}) closes with one, and
 * so does any loop in hand-written bytecode, since a cycle in the control-flow graph must contain a jump to an
 * earlier offset (or an exception edge, covered by the handler check). Recursion is not a loop here; it ends in a
 * {@link StackOverflowError}, which the engine already turns into an ejection. A loop that runs forever runs in one
 * frame, so restarting the count on each call does not let it escape.
 *
 * <p>Handlers for a specific exception type ({@code catch (IOException e)}) cannot catch the engine's budget error and
 * are left alone, as are {@code finally} handlers (catch-any): those rethrow after their body, and javac emits some
 * that cover their own code, where a throwing check would loop forever.
 *
 * <p>The stack maps are recomputed, which needs the class hierarchy of the types merged at branch joins
 * ({@code hierarchy}).
 */
public final class BackEdgeInstrumenter {
    private static final ClassDesc MAY_GOTO = ClassDesc.of(MayGoto.class.getName());
    private static final MethodTypeDesc VOID = MethodTypeDesc.of(ConstantDescs.CD_void);
    private static final MethodTypeDesc INT = MethodTypeDesc.of(ConstantDescs.CD_int);
    private static final Set<String> CATCHES_BUDGET_ERROR = Set.of("java/lang/Throwable", "java/lang/Error");

    /**
     * The rewritten class and how many checks went in.
     *
     * @param bytes     the instrumented class file
     * @param backEdges count checks inserted (one per backward jump)
     * @param handlers  {@link MayGoto#handlerEntry()} calls inserted (one per Throwable/Error handler)
     */
    public record Result(byte[] bytes, int backEdges, int handlers) {}

    private BackEdgeInstrumenter() {}

    /**
     * Instruments one class file.
     *
     * @param classFile the original bytes
     * @param hierarchy resolves the super types of classes the stack-map generator meets
     * @throws IllegalArgumentException if the bytes are not a valid class file, or its stack maps cannot be
     *                                  recomputed (a super type the resolver cannot find)
     */
    public static Result instrument(byte[] classFile, ClassHierarchyResolver hierarchy) {
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(hierarchy));
        ClassModel model = cf.parse(classFile);
        int[] counts = new int[2];
        ClassTransform transform = ClassTransform.transformingMethods((mb, me) -> {
            if (me instanceof CodeModel code) {
                mb.transformCode(code, new LoopChecks(code, counts));
            } else {
                mb.with(me);
            }
        });
        if (!hasCode(model)) {
            return new Result(classFile, 0, 0);
        }
        byte[] out = cf.transformClass(model, transform);
        return new Result(out, counts[0], counts[1]);
    }

    private static boolean hasCode(ClassModel model) {
        for (MethodModel m : model.methods()) {
            if (m.code().isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The per-method rewrite: tracks which labels are bound so far, so a jump to one of them is a back-edge. */
    private static final class LoopChecks implements CodeTransform {
        private final Set<Label> bound = new HashSet<>();
        private final Set<Label> throwableHandlers = new HashSet<>();
        private final boolean hasLoops;
        private final int[] counts;
        private int countSlot = -1;

        LoopChecks(CodeModel code, int[] counts) {
            this.counts = counts;
            for (ExceptionCatch ec : code.exceptionHandlers()) {
                if (ec.catchType().map(ClassEntry::asInternalName).filter(CATCHES_BUDGET_ERROR::contains).isPresent()) {
                    throwableHandlers.add(ec.handler());
                }
            }
            boolean loops = false;
            for (CodeElement e : code) {
                if (e instanceof LabelTarget t) {
                    bound.add(t.label());
                } else if (jumpsBack(e)) {
                    loops = true;
                    break;
                }
            }
            bound.clear();
            this.hasLoops = loops;
        }

        @Override
        public void atStart(CodeBuilder b) {
            if (hasLoops) {
                countSlot = b.allocateLocal(TypeKind.INT);
                b.loadConstant(MayGoto.CHECK_INTERVAL);
                b.istore(countSlot);
            }
        }

        @Override
        public void accept(CodeBuilder b, CodeElement e) {
            if (e instanceof LabelTarget t) {
                b.with(e);
                bound.add(t.label());
                if (throwableHandlers.contains(t.label())) {
                    b.invokestatic(MAY_GOTO, "handlerEntry", VOID);
                    counts[1]++;
                }
            } else if (jumpsBack(e)) {
                // if (--count <= 0) count = MayGoto.check();
                Label go = b.newLabel();
                b.iinc(countSlot, -1);
                b.iload(countSlot);
                b.ifgt(go);
                b.invokestatic(MAY_GOTO, "check", INT);
                b.istore(countSlot);
                b.labelBinding(go);
                b.with(e);
                counts[0]++;
            } else {
                b.with(e);
            }
        }

        private boolean jumpsBack(CodeElement e) {
            return switch (e) {
                case BranchInstruction br -> bound.contains(br.target());
                case TableSwitchInstruction ts -> jumpsBack(ts.defaultTarget(), ts.cases());
                case LookupSwitchInstruction ls -> jumpsBack(ls.defaultTarget(), ls.cases());
                default -> false;
            };
        }

        private boolean jumpsBack(Label dflt, List<SwitchCase> cases) {
            if (bound.contains(dflt)) {
                return true;
            }
            for (SwitchCase c : cases) {
                if (bound.contains(c.target())) {
                    return true;
                }
            }
            return false;
        }
    }
}
