package shears.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.rtl.util.ExternalTools;

/**
 * {@code compare} split into shards: run here and merged, and as a job array on a real Slurm (the
 * test command starts a single-node one), each giving the CSV and report one local run gives.
 */
class CompareClusterTest {
    private static final String[] GRID = {"--flow", "fir", "--strategies", "magnitude,random", "--sparsity", "0.5,0.75"
    };

    private static String[] args(String... tail) {
        List<String> a = new ArrayList<>(List.of("compare"));
        a.addAll(List.of(GRID));
        a.addAll(List.of(tail));
        return a.toArray(new String[0]);
    }

    private static void assertSameComparison(Path a, Path b) throws Exception {
        assertArrayEquals(
                Files.readAllBytes(a.resolve("comparison.csv")),
                Files.readAllBytes(b.resolve("comparison.csv")),
                "comparison.csv");
        assertArrayEquals(
                Files.readAllBytes(a.resolve("report.html")),
                Files.readAllBytes(b.resolve("report.html")),
                "report.html");
    }

    @Test
    void shardsRunApartMergeIntoTheLocalRunsFiles(@TempDir Path dir) throws Exception {
        MainTest.Run local = MainTest.run(args("--out", dir.resolve("local").toString()));
        assertEquals(0, local.code(), local.err());
        for (int i = 0; i < 3; i++) {
            MainTest.Run s = MainTest.run(
                    args("--shard", i + "/3", "--out", dir.resolve("s" + i).toString()));
            assertEquals(0, s.code(), s.err());
        }
        MainTest.Run m = MainTest.run(
                "compare",
                "merge",
                dir.resolve("s0").toString(),
                dir.resolve("s1").toString(),
                dir.resolve("s2").toString(),
                "--out",
                dir.resolve("merged").toString());
        assertEquals(0, m.code(), m.err());
        assertTrue(m.out().contains("merged 3 shards, 4 points"), m.out());
        assertSameComparison(dir.resolve("local"), dir.resolve("merged"));
        MainTest.Run missing = MainTest.run(
                "compare",
                "merge",
                dir.resolve("s0").toString(),
                "--out",
                dir.resolve("m2").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("shards [1, 2] of 3 are missing"), missing.err());
    }

    @Test
    void anLsfRunIsOneJobArrayWithOneShardPerIndex(@TempDir Path dir) {
        ClusterRun.Plan plan = new ClusterRun.Plan(ClusterRun.Scheduler.LSF, 3, 2, "short");
        String s = ClusterRun.script(plan, dir, List.of("--flow", "fir", "--seed", "1"), false, List.of(0, 2));
        assertTrue(s.contains("#BSUB -J \"shears-compare[1-2]%2\""), s);
        assertTrue(s.contains("#BSUB -q short"), s);
        assertTrue(s.contains("SHARDS=(0 2)") && s.contains("SHARD=${SHARDS[$((LSB_JOBINDEX - 1))]}"), s);
        assertTrue(s.contains("compare --flow fir --seed 1 --shard \"$SHARD/3\""), s);
        String slurm = ClusterRun.script(
                new ClusterRun.Plan(ClusterRun.Scheduler.SLURM, 3, 2, null),
                dir,
                List.of("--flow", "fir"),
                true,
                List.of(1));
        assertTrue(
                slurm.contains("#SBATCH --array=1%2")
                        && slurm.contains("--shard \"$SLURM_ARRAY_TASK_ID/3\"")
                        && slurm.endsWith("--force\n"),
                slurm);
    }

    /** Needs sbatch and a running Slurm (the test command starts one); fails under CI=true without it. */
    @Test
    void aSlurmJobArrayGivesTheLocalRunsFilesAndResubmitsOnlyUnfinishedShards(@TempDir Path dir) throws Exception {
        boolean up = ExternalTools.available("sbatch")
                && ExternalTools.available("sinfo")
                && ExternalTools.run(List.of("sinfo", "-h", "-o", "%t"), dir, 30)
                        .output()
                        .contains("idle");
        if (!up) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(
                        "no running Slurm (sbatch, sinfo): the test command starts one with scripts/slurm-local.sh");
            }
            Assumptions.abort("no running Slurm; start one with scripts/slurm-local.sh start and export SLURM_CONF");
        }
        MainTest.Run local = MainTest.run(args("--out", dir.resolve("local").toString()));
        assertEquals(0, local.code(), local.err());
        Path out = dir.resolve("slurm");
        MainTest.Run s = MainTest.run(args("--executor", "slurm", "--tasks", "2", "--out", out.toString()));
        assertEquals(0, s.code(), s.err());
        assertSameComparison(dir.resolve("local"), out);
        assertTrue(Files.readString(out.resolve("slurm/compare.sbatch")).contains("#SBATCH --array=0,1%2"));
        // a task that did not finish: only it is submitted again, and the merge is the same
        Files.delete(out.resolve("shards/1/comparison.journal"));
        MainTest.Run again = MainTest.run(args("--executor", "slurm", "--tasks", "2", "--out", out.toString()));
        assertEquals(0, again.code(), again.err());
        assertTrue(Files.readString(out.resolve("slurm/compare.sbatch")).contains("#SBATCH --array=1%2"));
        assertSameComparison(dir.resolve("local"), out);
    }
}
