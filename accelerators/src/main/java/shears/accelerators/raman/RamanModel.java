package shears.accelerators.raman;

import java.util.ArrayList;
import java.util.List;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.tensor.IntTensor;

/**
 * Transaction-level model of a compiled program: executes it in the accelerator's order and
 * counts what the hardware does, cycle for cycle the way the RTL ({@link RamanRtl}) does it
 * (docs/raman.md, "Cycles"). Per weighted layer:
 * <ul>
 * <li>2 cycles to fetch the layer descriptor, 2 to drain the MAC pipeline, and one post-processing
 *     cycle per PE row and output position ({@code ceil(C_out / P) * L_out});</li>
 * <li>per block (input channel; PE row for depthwise; feature for dense): 2 set-up cycles, then
 *     (LFSR format) the slowest PE's draw steps for the block;</li>
 * <li>per activation step: {@code max(1, max over PEs of n_p)} where {@code n_p} is PE p's entry
 *     count for the block when its activation is non-zero, else 0 — a zero activation costs the
 *     one fetch cycle; broadcast layers share one activation, depthwise PEs each read their own;</li>
 * <li>one final cycle that raises {@code done}.</li>
 * </ul>
 * Pass steps (unfused ReLU, pooling, add, upsample): 2 descriptor cycles and one bank read per
 * input of every output ({@code ceil(C / P) * L_out * reads}); the last write overlaps the next step. Arithmetic is the golden model's (int32 accumulation,
 * the layer's requantisers, fused ReLU), so outputs must equal {@link IntegerModel} bit for bit.
 */
public final class RamanModel {
    private RamanModel() {}

    /** What one step cost. {@code idlePeCycles}: PE-cycles spent waiting for a slower PE. */
    /**
     * What one step cost. {@code busyPeCycles}: PE-cycles issuing a weight entry (including entries
     * a stride or edge discards); {@code idlePeCycles}: PE-cycles of activation steps spent waiting
     * for a slower PE; {@code macs}: products that reached an accumulator.
     */
    public record StepStats(
            String name,
            long cycles,
            long drawCycles,
            long macs,
            long skippedMacs,
            long busyPeCycles,
            long idlePeCycles,
            long activations,
            long zeroActivations) {}

    /**
     * @param accesses reads plus writes per memory of the generated design during the run (names as
     *                 in {@link RamanRtl}: bank{p}, wmem_{p}, acc_{p}, const_{p}, cnt_{p}, desc, flags);
     *                 host loading and read-back are not included
     */
    public record Result(IntTensor output, List<StepStats> steps, java.util.Map<String, Long> accesses) {
        /** Cycles from the first descriptor fetch to {@code done}, inclusive. */
        public long cycles() {
            return steps.stream().mapToLong(StepStats::cycles).sum() + 1;
        }

        public long macs() {
            return steps.stream().mapToLong(StepStats::macs).sum();
        }

        public long skippedMacs() {
            return steps.stream().mapToLong(StepStats::skippedMacs).sum();
        }

        /** Busy PE-cycles over busy plus idle PE-cycles of the activation steps that had work. */
        public double utilisation() {
            long idle = steps.stream().mapToLong(StepStats::idlePeCycles).sum();
            long busy = steps.stream().mapToLong(StepStats::busyPeCycles).sum();
            return busy + idle == 0 ? 1.0 : (double) busy / (busy + idle);
        }
    }

    public static Result run(RamanProgram program, QuantizedNetwork q, IntTensor input) {
        int n = q.network().nodes().size();
        IntTensor[] acts = new IntTensor[n];
        List<StepStats> stats = new ArrayList<>();
        java.util.Map<String, Long> mem = new java.util.TreeMap<>();
        int pes = program.params().pes();
        SparseFormat format = program.params().format();
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
                stats.add(weighted(w, pes, format, x, y.data(), mem));
                acts[w.node()] = y;
                if (w.relu()) {
                    acts[w.node() + 1] = new IntTensor(y.shape(), y.data().clone());
                    next = w.node() + 2;
                } else {
                    next = w.node() + 1;
                }
            } else {
                RamanProgram.Pass ps = (RamanProgram.Pass) step;
                acts[step.node()] = IntegerModel.node(q, step.node(), input, acts);
                long outputs = (long) RamanCompiler.ceilDiv(ps.channels(), pes) * ps.outLen();
                count(mem, "desc", 1);
                for (int pe = 0; pe < pes; pe++) {
                    long mine = (long) Math.max(0, (ps.channels() - pe + pes - 1) / pes) * ps.outLen();
                    count(mem, "bank" + pe, mine * ps.reads() + mine);
                }
                stats.add(new StepStats(step.name(), 2 + outputs * ps.reads(), 0, 0, 0, 0, 0, 0, 0));
                next = step.node() + 1;
            }
        }
        for (; next < n; next++) {
            acts[next] = IntegerModel.node(q, next, input, acts);
        }
        return new Result(acts[n - 1], stats, java.util.Collections.unmodifiableMap(mem));
    }

    private static void count(java.util.Map<String, Long> mem, String name, long n) {
        if (n != 0) {
            mem.merge(name, n, Long::sum);
        }
    }

    private static StepStats weighted(
            RamanProgram.Weighted w, int pes, SparseFormat format, int[] x, int[] y, java.util.Map<String, Long> mem) {
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
        int blocks = w.blocks(pes);
        long cycles = 2 + 2L * blocks + draw;
        long macs = 0;
        long skipped = 0;
        long busy = 0;
        long idle = 0;
        long fetched = 0;
        long zeros = 0;
        boolean depthwise = w.kind() == RamanProgram.Kind.DEPTHWISE;
        int steps = w.kind() == RamanProgram.Kind.DENSE ? 1 : w.inLen();
        count(mem, "desc", 1);
        for (int b = 0; b < blocks; b++) {
            if (format == SparseFormat.LFSR) {
                count(mem, "flags", 1);
            }
            for (int s = 0; s < steps; s++) {
                // per step: the tap-phase mask (LFSR, dense) or each PE's (first, count) word (stored indices)
                if (format == SparseFormat.INDEX) {
                    for (int pe = 0; pe < pes; pe++) {
                        count(mem, "cnt_" + pe, 1);
                    }
                } else {
                    count(mem, "phase", 1);
                }
                int t = w.kind() == RamanProgram.Kind.DENSE ? 0 : s;
                int most = 0;
                int sum = 0;
                for (int pe = 0; pe < pes; pe++) {
                    RamanProgram.PeImage img = w.pes()[pe];
                    boolean has = !depthwise || b < w.rows(pe, pes);
                    int entries = has ? w.entries(img, b, w.stepPhase(t)) : 0;
                    int a = depthwise ? (has ? x[(b * pes + pe) * w.inLen() + s] : 0) : x[b * w.inLen() + s];
                    if (depthwise ? has : pe == 0) {
                        fetched++;
                        zeros += a == 0 ? 1 : 0;
                        int channel = w.kind() == RamanProgram.Kind.DENSE ? b / w.srcLen() : b;
                        count(mem, "bank" + (depthwise ? pe : channel % pes), 1);
                    }
                    if (a == 0) {
                        skipped += entries;
                        continue;
                    }
                    most = Math.max(most, entries);
                    sum += entries;
                    long landed = has ? accumulate(w, img, b, pe, pes, t, a, acc) : 0;
                    macs += landed;
                    count(mem, "wmem_" + pe, entries);
                    count(mem, "acc_" + pe, entries + landed); // a read per entry, a write per product that lands
                }
                cycles += Math.max(1, most);
                busy += sum;
                idle += (long) most * pes - sum;
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
        long post = (long) RamanCompiler.ceilDiv(w.outChannels(), pes) * w.outLen();
        for (int pe = 0; pe < pes; pe++) {
            count(mem, "acc_" + pe, 2 * post); // read, then clear
            count(mem, "const_" + pe, post);
            count(mem, "bank" + pe, (long) w.rows(pe, pes) * w.outLen());
        }
        cycles += 2 + post;
        return new StepStats(w.name(), cycles, draw, macs, skipped, busy, idle, fetched, zeros);
    }

    /** One activation through one PE's entries of a column; returns the MACs that landed on an output. */
    private static long accumulate(
            RamanProgram.Weighted w, RamanProgram.PeImage img, int col, int pe, int pes, int t, int a, long[] acc) {
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
