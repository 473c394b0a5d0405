package shears.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.reports.ComparisonMerge;
import shears.reports.ComparisonRun;
import shears.rtl.util.ExternalTools;
import shears.rtl.util.OutputDir;

/**
 * A comparison grid as a job array on a cluster scheduler: Slurm ({@code sbatch --array ... --wait})
 * or LSF ({@code bsub -K}, {@code name[1-N]%M}). Each task runs this same Shears (same Java, class
 * path and heap options) on one shard into {@code OUT/shards/<i>}, journalling as it goes; the
 * submitting command waits, then merges. A task that failed is named with its log; running the
 * same command again resubmits only the shards that have not finished, and finished points are
 * never recomputed.
 */
final class ClusterRun {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRun.class);

    enum Scheduler {
        SLURM("sbatch"),
        LSF("bsub");

        final String submit;

        Scheduler(String submit) {
            this.submit = submit;
        }
    }

    /** What a cluster run needs: the scheduler, how many shards and how many at once, and the queue. */
    record Plan(Scheduler scheduler, int tasks, int maxParallel, String partition) {
        Plan {
            if (tasks < 1 || maxParallel < 1) {
                throw new UserException("--tasks and --max-parallel must be positive");
            }
        }
    }

    private ClusterRun() {}

    static void requireScheduler(Plan plan) {
        if (!ExternalTools.available(plan.scheduler().submit)) {
            throw new UserException("--executor " + plan.scheduler().name().toLowerCase(Locale.ROOT) + " needs "
                    + plan.scheduler().submit + " on the PATH (run where the cluster's client tools are installed)");
        }
    }

    static Path shardDir(Path out, int i) {
        return out.toAbsolutePath().normalize().resolve("shards").resolve(Integer.toString(i));
    }

    static List<Path> shardDirs(Path out, int tasks) {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            dirs.add(shardDir(out, i));
        }
        return dirs;
    }

    /**
     * Submits the shards that have not finished and waits for them; returns the merged grid.
     * {@code taskArgs} are the compare options every task repeats (flow, grid, seed, ...).
     */
    static ComparisonMerge.Merged run(Plan plan, Path out, List<String> taskArgs, boolean force, OutputDir dir)
            throws IOException {
        List<Path> dirs = shardDirs(out, plan.tasks());
        List<Integer> todo = ComparisonMerge.unfinished(dirs, plan.tasks(), ComparisonRun.NAME + ".journal");
        if (!todo.isEmpty()) {
            String script = script(plan, out, taskArgs, force, todo);
            String name = plan.scheduler() == Scheduler.SLURM ? "slurm/compare.sbatch" : "lsf/compare.bsub";
            dir.write(name, script);
            for (int i : todo) {
                dir.claim(logName(plan, i));
            }
            Path file = out.toAbsolutePath().normalize().resolve(name);
            LOG.info(
                    "compare: submitting shards {} of {} to {} ({})",
                    todo,
                    plan.tasks(),
                    plan.scheduler().name().toLowerCase(Locale.ROOT),
                    file);
            List<String> cmd = plan.scheduler() == Scheduler.SLURM
                    ? List.of("sbatch", "--wait", file.toString())
                    : List.of("bash", "-c", "bsub -K < '" + file + "'");
            ExternalTools.Result r = ExternalTools.run(cmd, out.toAbsolutePath().normalize(), 7 * 24 * 3600);
            LOG.info(
                    "compare: {} returned {}: {}",
                    plan.scheduler().submit,
                    r.exitCode(),
                    r.output().strip());
            List<Integer> failed = ComparisonMerge.unfinished(dirs, plan.tasks(), ComparisonRun.NAME + ".journal");
            if (!failed.isEmpty()) {
                throw new UserException("shards " + failed + " of " + plan.tasks() + " did not finish (logs: "
                        + failed.stream()
                                .map(i -> out.resolve(logName(plan, i)).toString())
                                .collect(Collectors.joining(", "))
                        + "); run the same command again to resubmit only those");
            }
        }
        return ComparisonMerge.merge(dirs, ComparisonRun.NAME + ".journal");
    }

    static String logName(Plan plan, int shard) {
        return (plan.scheduler() == Scheduler.SLURM ? "slurm/task-" : "lsf/task-") + shard + ".log";
    }

    /** The job-array script: one task per unfinished shard, at most maxParallel at once. */
    static String script(Plan plan, Path out, List<String> taskArgs, boolean force, List<Integer> shards) {
        Path abs = out.toAbsolutePath().normalize();
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        String shardVar;
        if (plan.scheduler() == Scheduler.SLURM) {
            String indices = shards.stream().map(String::valueOf).collect(Collectors.joining(","));
            sb.append("#SBATCH --job-name=shears-compare\n");
            sb.append("#SBATCH --array=")
                    .append(indices)
                    .append('%')
                    .append(plan.maxParallel())
                    .append('\n');
            sb.append("#SBATCH --output=")
                    .append(abs.resolve("slurm/task-%a.log"))
                    .append('\n');
            sb.append("#SBATCH --cpus-per-task=1\n");
            if (plan.partition() != null) {
                sb.append("#SBATCH --partition=").append(plan.partition()).append('\n');
            }
            shardVar = "$SLURM_ARRAY_TASK_ID";
        } else {
            // LSF job indices start at 1: index k runs shard shards[k - 1]
            sb.append("#BSUB -J \"shears-compare[1-")
                    .append(shards.size())
                    .append("]%")
                    .append(plan.maxParallel())
                    .append("\"\n");
            sb.append("#BSUB -o ").append(abs.resolve("lsf/task-%I.out")).append('\n');
            if (plan.partition() != null) {
                sb.append("#BSUB -q ").append(plan.partition()).append('\n');
            }
            sb.append("SHARDS=(")
                    .append(shards.stream().map(String::valueOf).collect(Collectors.joining(" ")))
                    .append(")\n");
            sb.append("SHARD=${SHARDS[$((LSB_JOBINDEX - 1))]}\n");
            shardVar = "$SHARD";
        }
        sb.append("set -e\n");
        List<String> argv = new ArrayList<>(javaCommand());
        argv.add("compare");
        argv.addAll(taskArgs);
        StringBuilder line = new StringBuilder("exec");
        for (String a : argv) {
            line.append(' ').append(quote(a));
        }
        line.append(" --shard \"")
                .append(shardVar)
                .append('/')
                .append(plan.tasks())
                .append('"');
        line.append(" --out ")
                .append(quote(abs.resolve("shards").toString()))
                .append("/\"")
                .append(shardVar)
                .append('"');
        if (force) {
            line.append(" --force");
        }
        if (plan.scheduler() == Scheduler.LSF) {
            line.append(" > ")
                    .append(quote(abs.resolve("lsf").toString()))
                    .append("/task-\"")
                    .append(shardVar)
                    .append("\".log 2>&1");
        }
        return sb.append(line).append('\n').toString();
    }

    /** This JVM, its heap and stack options and class path, and Shears' main class: what every task runs. */
    static List<String> javaCommand() {
        List<String> c = new ArrayList<>();
        c.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xss") || a.startsWith("-Xms")) {
                c.add(a);
            }
        }
        c.add("-cp");
        c.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(java.io.File.pathSeparator)));
        c.add(Main.class.getName());
        return c;
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./=:,+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
