package io.scx4j.testplugins;

import java.util.List;

/** Methods with known numbers of loops and handlers, for counting what the instrumenter inserts. */
public final class LoopShapes {
    private LoopShapes() {}

    /** No loop: nothing inserted. */
    public static int straight(int a, int b) {
        return a > b ? a - b : b - a;
    }

    /** One counted loop: one back-edge. Sum of 0 .. n-1. */
    public static long countedLoop(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += i;
        }
        return sum;
    }

    /** Two nested loops: two back-edges. Number of pairs i < j below n. */
    public static int nestedLoops(int n) {
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                pairs++;
            }
        }
        return pairs;
    }

    /** An enhanced for over a list (iterator loop): one back-edge. */
    public static int total(List<Integer> xs) {
        int t = 0;
        for (int x : xs) {
            t += x;
        }
        return t;
    }

    /** A catch (Throwable) and a catch (Error): two handler checks, no back-edge. */
    public static String caught(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (Error e) {
            return "error";
        } catch (Throwable t) {
            return "throwable";
        }
    }

    /** A catch of a specific exception and a finally: no check (neither can catch the budget error for good). */
    public static int specificAndFinally(String s) {
        int[] calls = new int[1];
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        } finally {
            calls[0]++;
        }
    }
}
