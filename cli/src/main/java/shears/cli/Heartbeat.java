package shears.cli;

import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * A log line every interval while a step with no progress of its own runs (an estimate of a large
 * design), so a long run is visibly alive. The logger is obtained only when the first line is due:
 * short runs never start the logging backend.
 */
final class Heartbeat implements AutoCloseable {
    private final Thread thread;

    private Heartbeat(String what, long intervalSeconds) {
        long t0 = System.nanoTime();
        thread = new Thread(
                () -> {
                    try {
                        while (true) {
                            TimeUnit.SECONDS.sleep(intervalSeconds);
                            Runtime rt = Runtime.getRuntime();
                            LoggerFactory.getLogger(Heartbeat.class)
                                    .info(String.format(
                                            java.util.Locale.ROOT,
                                            "%s: still working, %.0f s, heap %.1f of %.1f GiB in use",
                                            what,
                                            (System.nanoTime() - t0) / 1e9,
                                            (rt.totalMemory() - rt.freeMemory()) / (double) (1L << 30),
                                            rt.maxMemory() / (double) (1L << 30)));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "shears-heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    static Heartbeat every(long seconds, String what) {
        return new Heartbeat(what, seconds);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
