package shears.accelerators.raman;

import java.util.ArrayList;
import java.util.List;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.tensor.IntTensor;

/**
 * Transaction-level model of a compiled program: executes it in the accelerator's order and
 * counts what the hardware does. Cycle rules (docs/raman.md):
 * <ul>
 * <li>LFSR format: before each column block, the slowest PE's LFSR draw (steps) for that block;</li>
 * <li>broadcast layers (conv, pointwise, dense): per input activation one fetch cycle, plus, when
 *     it is non-zero, the largest entry count over PEs for its column (the others idle);</li>
 * <li>depthwise: each PE walks its own channels (fetch + its entries when non-zero); the layer
 *     waits for the slowest PE;</li>
 * <li>post-processing: one output per PE per cycle, {@code ceil(C/P) * L};</li>
 * <li>passes (ReLU, pooling, add, upsample): one element per bank per cycle.</li>
 * </ul>
 * Arithmetic is the golden model's (int32 accumulation, the layer's requantisers, fused ReLU),
 * so outputs must equal {@link IntegerModel} bit for bit.
 */
public final class RamanModel {
    private RamanModel() {
    }

    /** What one step cost. {@code idlePeCycles}: PE-cycles spent waiting for a slower PE. */
    public record StepStats(String name, long cycles, long drawCycles, long macs, long skippedMacs, long idlePeCycles,
                            long activations, long zeroActivations) {
    }

    public record Result(IntTensor output, List<StepStats> steps) {
        public long cycles() {
            return steps.stream().mapToLong(StepStats::cycles).sum();
        }

        public long macs() {
            return steps.stream().mapToLong(StepStats::macs).sum();
        }

        public long skippedMacs() {
            return steps.stream().mapToLong(StepStats::skippedMacs).sum();
        }

        /** Busy PE-cycles over all PE-cycles of the MAC phases. */
        public double utilisation() {
            long idle = steps.stream().mapToLong(StepStats::idlePeCycles).sum();
            long macs = macs();
            return macs + idle == 0 ? 1.0 : (double) macs / (macs + idle);
        }
    }

    public static Result run(RamanProgram program, QuantizedNetwork q, IntTensor input) {
        int n = q.network().nodes().size();
        IntTensor[] acts = new IntTensor[n];
        List<StepStats> stats = new ArrayList<>();
        int pes = program.params().pes();
        int next = 0;
        for (RamanProgram.Step step : program.steps()) {
            // nodes folded into the previous step (fused ReLU) take the golden model's values
            for (; next < step.node(); next++) {
                acts[next] = IntegerModel.node(q, next, input, acts);
            }
            if (step instanceof RamanProgram.Weighted w) {
                int src = q.network().nodes().get(w.node()).inputs().get(0);
                int[] x = src < 0 ? input.data() : acts[src].data();
                IntTensor y = new IntTensor(q.network().shape(w.node()));
                stats.add(weighted(w, pes, x, y.data()));
                acts[w.node()] = y;
                if (w.relu()) {
                    acts[w.node() + 1] = new IntTensor(y.shape(), y.data().clone());
                    next = w.node() + 2;
                } else {
                    next = w.node() + 1;
                }
            } else {
                acts[step.node()] = IntegerModel.node(q, step.node(), input, acts);
                long elements = acts[step.node()].data().length;
                stats.add(new StepStats(step.name(), (elements + pes - 1) / pes, 0, 0, 0, 0, 0, 0));
                next = step.node() + 1;
            }
        }
        for (; next < n; next++) {
            acts[next] = IntegerModel.node(q, next, input, acts);
        }
        return new Result(acts[n - 1], stats);
    }

    private static StepStats weighted(RamanProgram.Weighted w, int pes, int[] x, int[] y) {
        long[] acc = new long[w.outChannels() * w.outLen()];
        for (int o = 0; o < w.outChannels(); o++) {
            for (int t = 0; t < w.outLen(); t++) {
                acc[o * w.outLen() + t] = w.bias()[o];
            }
        }
        long draw = 0;
        for (int c : w.drawCycles()) {
            draw += c;
        }
        long cycles = draw;
        long macs = 0;
        long skipped = 0;
        long idle = 0;
        long fetched = 0;
        long zeros = 0;
        if (w.kind() == RamanProgram.Kind.DEPTHWISE) {
            long slowest = 0;
            for (int pe = 0; pe < pes; pe++) {
                RamanProgram.PeImage img = w.pes()[pe];
                long peCycles = 0;
                for (int col = 0; col + 1 < img.colStart().length; col++) {
                    int ch = col * pes + pe;
                    for (int t = 0; t < w.inLen(); t++) {
                        int a = x[ch * w.inLen() + t];
                        peCycles++;
                        fetched++;
                        if (a == 0) {
                            zeros++;
                            skipped += img.entries(col);
                            continue;
                        }
                        peCycles += img.entries(col);
                        macs += accumulate(w, img, col, pe, pes, t, a, acc);
                    }
                }
                slowest = Math.max(slowest, peCycles);
                idle -= peCycles; // PE-cycles spent working or fetching, subtracted from the layer span below
            }
            idle += slowest * pes;
            cycles += slowest;
        } else {
            for (int c = 0; c < w.inChannels(); c++) {
                int most = 0;
                int total = 0;
                for (RamanProgram.PeImage img : w.pes()) {
                    most = Math.max(most, img.entries(c));
                    total += img.entries(c);
                }
                for (int t = 0; t < w.inLen(); t++) {
                    int a = x[c * w.inLen() + t];
                    cycles++;
                    fetched++;
                    if (a == 0) {
                        zeros++;
                        skipped += total;
                        continue;
                    }
                    cycles += most;
                    idle += (long) most * pes - total;
                    for (int pe = 0; pe < pes; pe++) {
                        macs += accumulate(w, w.pes()[pe], c, pe, pes, t, a, acc);
                    }
                }
            }
        }
        for (int o = 0; o < w.outChannels(); o++) {
            for (int t = 0; t < w.outLen(); t++) {
                long v = acc[o * w.outLen() + t];
                if (v != (int) v) {
                    throw new ArithmeticException("layer '" + w.name() + "': int32 accumulator overflow (" + v + ")");
                }
                int q = w.requant()[o].apply(v, QuantizedNetwork.ACT_MIN, QuantizedNetwork.ACT_MAX);
                y[o * w.outLen() + t] = w.relu() ? Math.max(0, q) : q;
            }
        }
        cycles += (long) RamanCompiler.ceilDiv(w.outChannels(), pes) * w.outLen();
        return new StepStats(w.name(), cycles, draw, macs, skipped, idle, fetched, zeros);
    }

    /** One activation through one PE's entries of a column; returns the MACs that landed on an output. */
    private static long accumulate(RamanProgram.Weighted w, RamanProgram.PeImage img, int col, int pe, int pes, int t, int a, long[] acc) {
        long macs = 0;
        for (int e = img.colStart()[col]; e < img.colStart()[col + 1]; e++) {
            int o = img.row()[e] * pes + pe;
            int num = t + w.pad() - img.tap()[e] * w.dilation();
            if (num < 0 || num % w.stride() != 0) {
                continue;
            }
            int tout = num / w.stride();
            if (tout >= w.outLen()) {
                continue;
            }
            acc[o * w.outLen() + tout] += (long) a * img.weight()[e];
            macs++;
        }
        return macs;
    }
}
