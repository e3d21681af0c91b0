package io.scx4j.arena;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Prints the live counters of a {@link CountersFile}, the way {@code AeronStat} prints
 * {@code cnc.dat}: {@code java -cp scx-arena.jar io.scx4j.arena.ArenaStat <file> [period-ms] [count]}.
 */
public final class ArenaStat {
    private ArenaStat() {}

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0) {
            System.err.println("usage: ArenaStat <counters-file> [period-ms] [repeat]");
            System.exit(2);
        }
        long period = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        long repeat = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        try (CountersFile file = CountersFile.openReader(Path.of(args[0]), Duration.ofSeconds(5))) {
            ArenaFile header = file.file();
            for (long i = 0; i < repeat; i++) {
                System.out.printf("%s - writer pid %d, heartbeat %d ms ago%n", Instant.now(),
                        header.writerPid(), System.currentTimeMillis() - header.heartbeatMillis());
                file.reader().forEach((id, typeId, label, value) ->
                        System.out.printf("%3d: %,20d - %s%n", id, value, label));
                if (i + 1 < repeat) {
                    Thread.sleep(period);
                }
            }
        }
    }
}
