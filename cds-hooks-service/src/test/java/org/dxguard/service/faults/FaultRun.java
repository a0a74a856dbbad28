package org.dxguard.service.faults;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Short or long fault runs ({@code -Ddxguard.faults.long=true}), and the {@code PROVED:} lines. */
final class FaultRun {
    private static final Logger LOG = LoggerFactory.getLogger(FaultRun.class);
    /** True for the long, documented run. */
    static final boolean LONG = Boolean.getBoolean("dxguard.faults.long");

    private FaultRun() {}

    /** How long a fault phase lasts: {@code shortPhase} in every build, {@code longPhase} in the long run. */
    static Duration phase(Duration shortPhase, Duration longPhase) {
        return LONG ? longPhase : shortPhase;
    }

    static int count(int shortCount, int longCount) {
        return LONG ? longCount : shortCount;
    }

    /** Prints what a test proved (stdout, so it shows in the build output, and the log). */
    static void proved(String what) {
        String line = "PROVED: " + what;
        System.out.println(line);
        LOG.info(line);
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * How much of the machine other processes used while a phase ran: (CPU time of all processes, from
     * {@code /proc/stat}, minus this JVM's) / (wall time × cores). The tests' own server and clients run in this
     * JVM, so a high share means other engineers' builds or a training run competed for the cores. NaN where
     * {@code /proc/stat} cannot be read.
     */
    static final class OtherLoad {
        private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final long wall0 = System.nanoTime();
        private final long busy0 = busyNanos();
        private final long own0 = OS.getProcessCpuTime();

        static OtherLoad start() {
            return new OtherLoad();
        }

        /** Others' share of all cores since {@link #start()}, 0..1 (NaN if unknown). */
        double share() {
            long busy = busyNanos();
            if (busy < 0 || busy0 < 0) {
                return Double.NaN;
            }
            double others = (busy - busy0) - (OS.getProcessCpuTime() - own0);
            double capacity = (double) (System.nanoTime() - wall0) * Runtime.getRuntime().availableProcessors();
            return Math.max(0, Math.min(1, others / capacity));
        }

        /** True when others used less than a quarter of the machine: wall-clock bounds are meaningful. */
        boolean quiet() {
            double s = share();
            return !Double.isNaN(s) && s < 0.25;
        }

        String describe() {
            return String.format("other processes used %.0f %% of %d cores, load average %.1f", share() * 100,
                Runtime.getRuntime().availableProcessors(), OS.getSystemLoadAverage());
        }

        private static long busyNanos() {
            try {
                String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
                    .split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) { // user..steal; guest is already in user
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return (total - idle) * 10_000_000L; // USER_HZ = 100
            } catch (java.io.IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
