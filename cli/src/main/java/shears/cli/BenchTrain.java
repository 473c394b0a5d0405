package shears.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.models.hsi.UNet;
import shears.models.nn.Network;
import shears.models.tensor.Tensor;

/**
 * {@code shears bench train}: floating-point throughput of U-Net training (forward and backward of
 * every layer, as the segmentation trainer runs them) on the deployable and baseline presets, on one
 * core and on all of them. FLOPs counted as 2 per multiply-accumulate: forward, weight gradient and
 * input gradient each take one MAC per forward MAC (the first layer computes no input gradient).
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "GFLOP/s of U-Net forward + backward passes (the HSI training kernels) on the deployable and baseline shapes.")
final class BenchTrain implements Callable<Integer> {
    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "Measuring time per configuration (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--patch", defaultValue = "64x128", description = "Crop HEIGHTxWIDTH (default: ${DEFAULT-VALUE}).")
    String patch;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0)) {
            throw new UserException("--seconds must be positive");
        }
        String[] hw = patch.split("x");
        int h;
        int w;
        try {
            h = Integer.parseInt(hw[0]);
            w = Integer.parseInt(hw[1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new UserException("--patch must be HEIGHTxWIDTH, got '" + patch + "'");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Map<String, Object>> rows = new ArrayList<>();
        var out = spec.commandLine().getOut();
        if (!json) {
            out.printf("%-12s %10s %14s %12s %12s%n", "model", "threads", "MFLOP/sample", "samples/s", "GFLOP/s");
        }
        for (Map.Entry<String, UNet> e :
                Map.of("deployable", UNet.deployable(), "baseline", UNet.baseline()).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))
                        .toList()) {
            Network net;
            try {
                net = e.getValue().build(h, w);
            } catch (IllegalArgumentException ex) {
                throw new UserException("--patch " + patch + ": " + ex.getMessage());
            }
            net.initialize(1);
            double flops = 2.0 * (3 * UNet.macs(net) - firstLayerMacs(net));
            for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                double rate = samplesPerSecond(net, threads);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", e.getKey());
                row.put("params", net.parameterCount());
                row.put("threads", threads);
                row.put("flopPerSample", flops);
                row.put("samplesPerSecond", rate);
                row.put("gflops", rate * flops / 1e9);
                rows.add(row);
                if (!json) {
                    out.printf(
                            "%-12s %10d %14.1f %12.2f %12.2f%n",
                            e.getKey(), threads, flops / 1e6, rate, rate * flops / 1e9);
                }
            }
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", "train");
            m.put("patch", patch);
            m.put("results", rows);
            out.println(Json.of(m));
        }
        return 0;
    }

    private static long firstLayerMacs(Network net) {
        return UNet.macs(singleLayer(net));
    }

    /** The first layer alone, for its MAC count (it back-propagates no input gradient). */
    private static Network singleLayer(Network net) {
        Network.Builder b = Network.builder(net.inputShape());
        b.add(net.nodes().get(0).name(), net.nodes().get(0).layer());
        return b.build();
    }

    /** Forward + backward passes per second, {@code threads} samples at a time (warm-up first). */
    private double samplesPerSecond(Network net, int threads) throws Exception {
        Tensor x = new Tensor(net.inputShape());
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextDouble();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            run(net, x, pool, threads, 2 * threads); // warm-up: the JIT compiles the loops
            long t0 = System.nanoTime();
            long samples = 0;
            while (System.nanoTime() - t0 < seconds * 1e9) {
                run(net, x, pool, threads, threads);
                samples += threads;
            }
            return samples / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(Network net, Tensor x, ExecutorService pool, int threads, int samples) throws Exception {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int mine = samples / threads;
            fs.add(pool.submit(() -> {
                double[][][] g = net.newGradients();
                for (int k = 0; k < mine; k++) {
                    Tensor[] acts = net.forwardAll(x);
                    net.backward(x, acts, acts[acts.length - 1], g[0], g[1], false);
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
    }
}
