package shears.accelerators.raman;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import shears.models.nn.Add;
import shears.models.nn.Conv;
import shears.models.nn.Dense;
import shears.models.nn.Layer;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.nn.Pool;
import shears.models.nn.Relu;
import shears.models.nn.Upsample;
import shears.models.prune.BalancedStochastic;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantOp;
import shears.models.quant.QuantizedNetwork;

/**
 * The model compiler: a quantised (and pruned) network to a {@link RamanProgram}. Output channel o
 * goes to PE {@code o mod P}. DENSE stores every weight; INDEX the non-zero ones with their
 * (row, tap); LFSR regenerates each layer's kept positions from its seed (the layout the balanced
 * strategy produced) and stores only the weights at those positions, failing if the network has a
 * non-zero weight outside the pattern. Activation memory: P banks, channel c in bank c mod P;
 * inputs and outputs of consecutive layers share a bank from its two ends.
 */
public final class RamanCompiler {
    private RamanCompiler() {}

    public static RamanProgram compile(
            QuantizedNetwork q, Masks masks, Map<Integer, BalancedStochastic.Layout> layouts, RamanParams p) {
        if (!q.isInt8()) {
            throw new IllegalArgumentException(
                    "the RAMAN accelerator computes int8 activations; this network's integer form uses other ranges");
        }
        Network net = q.network();
        if (!net.inputShape().is1d()) {
            throw new IllegalArgumentException(
                    "the RAMAN generator takes 1-D models; input " + net.inputShape() + " is 2-D");
        }
        if (q.weightBits() != p.weightBits()) {
            throw new IllegalArgumentException(
                    "the model has " + q.weightBits() + "-bit weights, the accelerator " + p.weightBits());
        }
        List<RamanProgram.Step> steps = new ArrayList<>();
        long weightWords = 0;
        long indexBits = 0;
        long seedBits = 0;
        int separateIn = 0;
        int separateOut = 0;
        long[] perPeWords = new long[p.pes()];
        for (int i = 0; i < net.nodes().size(); i++) {
            Node node = net.nodes().get(i);
            Layer layer = node.layer();
            int inWords = bankWords(
                    net.inputShapeOf(i, 0).size() / net.inputShapeOf(i, 0).width(),
                    net.inputShapeOf(i, 0).width(),
                    p.pes());
            int outWords = bankWords(
                    net.shape(i).channels(), net.shape(i).size() / net.shape(i).channels(), p.pes());
            separateIn = Math.max(separateIn, inWords);
            separateOut = Math.max(separateOut, outWords);
            if (layer instanceof Relu
                    && i > 0
                    && steps.get(steps.size() - 1) instanceof RamanProgram.Weighted w
                    && w.node() == i - 1
                    && node.inputs().get(0) == i - 1) {
                continue; // fused into the weighted step before
            }
            if (layer instanceof Conv || layer instanceof Dense) {
                RamanProgram.Weighted w = weighted(q, i, masks, layouts, p);
                steps.add(w);
                for (int pe = 0; pe < p.pes(); pe++) {
                    perPeWords[pe] += w.pes()[pe].size();
                    if (perPeWords[pe] > p.weightDepth()) {
                        throw new IllegalArgumentException("layer '" + node.name() + "': PE " + pe + " needs "
                                + perPeWords[pe] + " weight words, the weight memory holds " + p.weightDepth());
                    }
                    weightWords += w.pes()[pe].size();
                    if (p.format()
                            == SparseFormat
                                    .INDEX) { // (row, tap) per entry, (first address, count) per column and tap phase
                        indexBits += (long) w.pes()[pe].size()
                                * (bits(Math.max(1, ceilDiv(w.outChannels(), p.pes()))) + bits(w.kernel()));
                        indexBits += (long) (w.pes()[pe].colStart().length - 1)
                                * w.stride()
                                * (RamanRtl.bitsFor(p.weightDepth()) + RamanRtl.bitsFor(w.blockSize(pe, p.pes(), 0)));
                    }
                }
                if (p.format() == SparseFormat.LFSR) {
                    seedBits += 16 + layouts.get(i).blockCounts().length; // seed + one "plus one" flag per block
                }
            } else if (layer instanceof Pool pool && pool.padded()) {
                throw new IllegalArgumentException(
                        "layer '" + node.name() + "': padded pooling is not supported by the RAMAN accelerator");
            } else if (layer instanceof Relu
                    || layer instanceof Pool
                    || layer instanceof Add
                    || layer instanceof Upsample) {
                steps.add(pass(q, i));
            } else {
                throw new IllegalArgumentException(
                        "layer '" + node.name() + "': " + layer.kind() + " is not supported by the RAMAN accelerator");
            }
        }
        int[] peWords = new int[p.pes()];
        for (int pe = 0; pe < p.pes(); pe++) {
            peWords[pe] = (int) perPeWords[pe];
        }
        int[] peak = {0};
        List<RamanProgram.Step> placed = allocate(net, steps, p.bankDepth(), p.pes(), peak);
        return new RamanProgram(
                p, placed, weightWords, indexBits, seedBits, peak[0], separateIn + separateOut, peWords);
    }

    /**
     * The same parameters with the activation banks, weight memories and accumulators sized to what
     * the model needs (peak words per bank, the largest PE's weight words, the narrowest accumulator
     * that provably cannot overflow, if narrower than asked), so area follows the model.
     */
    public static RamanParams fit(
            QuantizedNetwork q, Masks masks, Map<Integer, BalancedStochastic.Layout> layouts, RamanParams p) {
        RamanParams roomy = new RamanParams(p.pes(), p.weightBits(), p.accBits(), 1 << 20, 1 << 24, p.format());
        RamanProgram prog = compile(q, masks, layouts, roomy);
        int words = 1;
        for (int w : prog.peWeightWords()) {
            words = Math.max(words, w);
        }
        return new RamanParams(
                p.pes(),
                p.weightBits(),
                Math.min(p.accBits(), accumulatorBits(q)),
                prog.peakBankWords(),
                words,
                p.format());
    }

    /** The narrowest signed accumulator (at least 16 bits) that holds every layer's worst case {@code |bias| + 128 * sum |w|}. */
    static int accumulatorBits(QuantizedNetwork q) {
        long worst = 0;
        for (QuantOp op : q.ops()) {
            if (op instanceof QuantOp.Weighted w) {
                worst = Math.max(
                        worst, IntegerModel.worstAccumulator(w.weights().values(), w.bias()));
            }
        }
        return Math.max(16, 65 - Long.numberOfLeadingZeros(worst));
    }

    /**
     * Shared IA/OA allocation: every tensor (the network input and each step's output) gets one
     * address range, the same in every bank, first fit from address 0 among the tensors still live
     * (a tensor lives from its producer to its last consumer; the last output to the end). A layer's
     * inputs stay live while it runs, so its output never overlaps them; dead inputs are reused.
     * {@code peak[0]} receives the highest address used.
     */
    private static List<RamanProgram.Step> allocate(
            Network net, List<RamanProgram.Step> steps, int depth, int pes, int[] peak) {
        int n = steps.size();
        Map<Integer, Integer> producer = new java.util.HashMap<>(); // node -> step (-1: network input)
        producer.put(Node.NETWORK_INPUT, -1);
        for (int s = 0; s < n; s++) {
            RamanProgram.Step st = steps.get(s);
            producer.put(st.node(), s);
            if (st instanceof RamanProgram.Weighted w && w.relu()) {
                producer.put(st.node() + 1, s);
            }
        }
        int[][] sources = new int[n][];
        int[] lastUse = new int[n + 1]; // index t + 1 for tensor of step t (0 = network input)
        java.util.Arrays.fill(lastUse, -1);
        for (int s = 0; s < n; s++) {
            List<Integer> in = net.nodes().get(steps.get(s).node()).inputs();
            sources[s] = new int[in.size()];
            for (int k = 0; k < in.size(); k++) {
                Integer t = producer.get(in.get(k));
                if (t == null) {
                    throw new IllegalArgumentException(
                            "layer '" + steps.get(s).name() + "' reads a value the accelerator does not produce");
                }
                sources[s][k] = t;
                lastUse[t + 1] = Math.max(lastUse[t + 1], s);
            }
        }
        lastUse[n] = Integer.MAX_VALUE; // the final output is read back
        int[] base = new int[n + 1];
        int[] words = new int[n + 1];
        boolean[] live = new boolean[n + 1];
        shears.models.tensor.Shape x = net.inputShape();
        words[0] = bankWords(x.channels() * x.height(), x.width(), pes);
        live[0] = true;
        peak[0] = words[0];
        List<RamanProgram.Step> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            for (int t = 0; t <= s; t++) {
                live[t] &= lastUse[t] >= s;
            }
            RamanProgram.Step st = steps.get(s);
            words[s + 1] = bankWords(st.outChannels(), st.outLen(), pes);
            int at = 0;
            boolean moved = true;
            while (moved) { // first fit: move past any live tensor overlapping [at, at + words)
                moved = false;
                for (int t = 0; t <= s; t++) {
                    if (live[t] && at < base[t] + words[t] && base[t] < at + words[s + 1]) {
                        at = base[t] + words[t];
                        moved = true;
                    }
                }
            }
            base[s + 1] = at;
            live[s + 1] = true;
            peak[0] = Math.max(peak[0], at + words[s + 1]);
            if (at + words[s + 1] > depth) {
                throw new IllegalArgumentException(
                        "layer '" + st.name() + "': its output needs words " + at + ".." + (at + words[s + 1] - 1)
                                + " of every activation bank beside the live tensors, the banks hold " + depth);
            }
            int in = base[sources[s][0] + 1];
            if (st instanceof RamanProgram.Weighted w) {
                out.add(w.withBases(in, at));
            } else {
                RamanProgram.Pass ps = (RamanProgram.Pass) st;
                out.add(ps.withBases(in, sources[s].length > 1 ? base[sources[s][1] + 1] : in, at));
            }
        }
        return List.copyOf(out);
    }

    /** The pass for a ReLU, pooling, add or upsample node, with the golden model's integer rules. */
    private static RamanProgram.Pass pass(QuantizedNetwork q, int i) {
        Network net = q.network();
        Node node = net.nodes().get(i);
        shears.models.tensor.Shape in = net.inputShapeOf(i, 0);
        shears.models.tensor.Shape out = net.shape(i);
        int ch = out.channels() * out.height();
        QuantOp op = q.ops().get(i);
        if (node.layer() instanceof Pool pl) {
            if (pl.kernelH() != 1 || pl.strideH() != 1) {
                throw new IllegalArgumentException(
                        "layer '" + node.name() + "': the RAMAN accelerator pools along one dimension only");
            }
            if (op instanceof QuantOp.AvgPool avg) {
                return new RamanProgram.Pass(
                        i,
                        node.name(),
                        RamanProgram.PassKind.AVGPOOL,
                        ch,
                        in.width(),
                        out.width(),
                        pl.kernelW(),
                        pl.strideW(),
                        1,
                        1,
                        1,
                        avg.requant().multiplier(),
                        avg.requant().shift(),
                        false,
                        -1,
                        -1,
                        -1);
            }
            return new RamanProgram.Pass(
                    i,
                    node.name(),
                    RamanProgram.PassKind.MAXPOOL,
                    ch,
                    in.width(),
                    out.width(),
                    pl.kernelW(),
                    pl.strideW(),
                    1,
                    1,
                    1,
                    1,
                    0,
                    false,
                    -1,
                    -1,
                    -1);
        }
        if (op instanceof QuantOp.Add add) {
            if (add.multA() < 0 || add.multB() < 0 || add.multA() >= 1 << 15 || add.multB() >= 1 << 15) {
                throw new IllegalArgumentException("layer '" + node.name() + "': add multipliers must be 0..32767, got "
                        + add.multA() + " and " + add.multB());
            }
            return new RamanProgram.Pass(
                    i,
                    node.name(),
                    RamanProgram.PassKind.ADD,
                    ch,
                    in.width(),
                    out.width(),
                    2,
                    1,
                    1,
                    add.multA(),
                    add.multB(),
                    1,
                    add.shift(),
                    false,
                    -1,
                    -1,
                    -1);
        }
        if (node.layer() instanceof Upsample up) {
            if (up.factorH() != 1) {
                throw new IllegalArgumentException(
                        "layer '" + node.name() + "': the RAMAN accelerator upsamples along one dimension only");
            }
            return new RamanProgram.Pass(
                    i,
                    node.name(),
                    RamanProgram.PassKind.UPSAMPLE,
                    ch,
                    in.width(),
                    out.width(),
                    1,
                    1,
                    up.factorW(),
                    1,
                    1,
                    1,
                    0,
                    false,
                    -1,
                    -1,
                    -1);
        }
        return new RamanProgram.Pass(
                i,
                node.name(),
                RamanProgram.PassKind.RELU,
                ch,
                in.width(),
                out.width(),
                1,
                1,
                1,
                1,
                1,
                1,
                0,
                true,
                -1,
                -1,
                -1);
    }

    private static RamanProgram.Weighted weighted(
            QuantizedNetwork q, int i, Masks masks, Map<Integer, BalancedStochastic.Layout> layouts, RamanParams p) {
        Network net = q.network();
        Node node = net.nodes().get(i);
        QuantOp.Weighted op = (QuantOp.Weighted) q.ops().get(i);
        RamanProgram.Kind kind;
        int inC;
        int inLen;
        int k;
        int stride = 1;
        int pad = 0;
        int dil = 1;
        if (node.layer() instanceof Dense d) {
            kind = RamanProgram.Kind.DENSE;
            inC = d.inFeatures();
            inLen = 1;
            k = 1;
        } else {
            Conv c = (Conv) node.layer();
            if (c.groups() != 1 && !(c.groups() == c.inChannels() && c.outChannels() == c.inChannels())) {
                throw new IllegalArgumentException(
                        "layer '" + node.name() + "': grouped convolutions other than depthwise are not supported");
            }
            kind = c.groups() == 1 ? RamanProgram.Kind.CONV : RamanProgram.Kind.DEPTHWISE;
            inC = c.inChannels();
            inLen = net.inputShapeOf(i, 0).width();
            k = c.kernelW();
            stride = c.strideW();
            pad = c.padW();
            dil = c.dilationW();
        }
        int out = net.shape(i).channels();
        int outLen = net.shape(i).width();
        int fan = net.plan(i).fanIn();
        int[] w = op.weights().values();
        boolean[] keep = switch (p.format()) {
            case DENSE -> null;
            case INDEX -> {
                boolean[] nz = new boolean[w.length];
                for (int j = 0; j < w.length; j++) {
                    nz[j] = w[j] != 0;
                }
                yield nz;
            }
            case LFSR -> lfsrPattern(net, i, layouts, p, w);
        };
        int[] draw = new int[0];
        if (p.format() == SparseFormat.LFSR) {
            BalancedStochastic.Layout l = layouts.get(i);
            BalancedStochastic bs = new BalancedStochastic(l.pes(), 1);
            int[][] steps = new int[l.pes()][bs.blocks(net, i)];
            bs.pattern(net, i, l.layerSeed(), l.blockCounts(), steps);
            draw = new int[steps[0].length];
            int phases = BalancedStochastic.phases(net, i);
            for (int[] pe : steps) {
                for (int b = 0; b < draw.length; b++) {
                    draw[b] = Math.max(draw[b], pe[b] + phases); // LFSR steps plus one cycle per phase class
                }
            }
        }
        int lfsrSeed = 0;
        int[] counts = new int[0];
        int[][] phaseCounts = new int[0][];
        if (p.format() == SparseFormat.LFSR) {
            BalancedStochastic.Layout l = layouts.get(i);
            lfsrSeed = l.layerSeed();
            counts = l.blockCounts().clone();
            int base = Integer.MAX_VALUE;
            for (int c : counts) {
                base = Math.min(base, c);
            }
            BalancedStochastic bs = new BalancedStochastic(l.pes(), 1);
            int room = bs.blockSize(net, i);
            phaseCounts = new int[][] {bs.phaseCounts(net, i, base), bs.phaseCounts(net, i, Math.min(room, base + 1))};
        }
        shears.models.tensor.Shape src = net.inputShapeOf(i, 0);
        int srcC = kind == RamanProgram.Kind.DENSE ? src.size() / src.width() : inC;
        int srcL = kind == RamanProgram.Kind.DENSE ? src.width() : inLen;
        boolean relu = i + 1 < net.nodes().size()
                && net.nodes().get(i + 1).layer() instanceof Relu
                && net.nodes().get(i + 1).inputs().get(0) == i
                && consumers(net, i) == 1;
        RamanProgram.PeImage[] pes = new RamanProgram.PeImage[p.pes()];
        for (int pe = 0; pe < p.pes(); pe++) {
            int columns = kind == RamanProgram.Kind.DEPTHWISE ? ceilDiv(out - pe, p.pes()) : inC;
            List<int[]> entries = new ArrayList<>(); // (column, row, tap, weight)
            int[] colStart = new int[Math.max(0, columns) + 1];
            for (int col = 0; col < columns; col++) {
                colStart[col] = entries.size();
                for (int o = pe, r = 0; o < out; o += p.pes(), r++) {
                    if (kind == RamanProgram.Kind.DEPTHWISE && r != col) {
                        continue; // a depthwise PE's column is its own channel
                    }
                    for (int tap = 0; tap < k; tap++) {
                        int j = kind == RamanProgram.Kind.DEPTHWISE ? tap : col * k + tap;
                        int idx = o * fan + j;
                        if (keep == null || keep[idx]) {
                            entries.add(new int[] {col, r, tap, w[idx]});
                        }
                    }
                }
                if (p.format()
                        != SparseFormat.DENSE) { // each column's entries grouped by tap phase (the order PEs walk them)
                    final int st = stride;
                    final int dl = dil;
                    entries.subList(colStart[col], entries.size())
                            .sort(java.util.Comparator.comparingInt(e -> e[2] * dl % st));
                }
            }
            colStart[Math.max(0, columns)] = entries.size();
            int n = entries.size();
            int[] row = new int[n];
            int[] tap = new int[n];
            int[] wt = new int[n];
            for (int e = 0; e < n; e++) {
                row[e] = entries.get(e)[1];
                tap[e] = entries.get(e)[2];
                wt[e] = entries.get(e)[3];
            }
            pes[pe] = new RamanProgram.PeImage(colStart, row, tap, wt);
        }
        checkAccumulator(node.name(), op, p.accBits());
        return new RamanProgram.Weighted(
                i,
                node.name(),
                kind,
                inC,
                inLen,
                out,
                outLen,
                k,
                stride,
                pad,
                dil,
                relu,
                op.bias(),
                op.requant(),
                pes,
                draw,
                srcC,
                srcL,
                lfsrSeed,
                counts,
                phaseCounts,
                -1,
                -1);
    }

    private static boolean[] lfsrPattern(
            Network net, int i, Map<Integer, BalancedStochastic.Layout> layouts, RamanParams p, int[] w) {
        BalancedStochastic.Layout l = layouts == null ? null : layouts.get(i);
        String name = net.nodes().get(i).name();
        if (l == null) {
            throw new IllegalArgumentException(
                    "layer '" + name + "': LFSR format needs the balanced-pruning layout of every layer");
        }
        if (l.pes() != Math.min(p.pes(), net.shape(i).channels())) {
            throw new IllegalArgumentException(
                    "layer '" + name + "': pruned for " + l.pes() + " PEs, the accelerator has " + p.pes());
        }
        boolean[] keep = new BalancedStochastic(l.pes(), 1).pattern(net, i, l);
        for (int j = 0; j < w.length; j++) {
            if (w[j] != 0 && !keep[j]) {
                throw new IllegalArgumentException("layer '" + name + "': non-zero weight " + j
                        + " lies outside the LFSR pattern of seed " + l.layerSeed());
            }
        }
        return keep;
    }

    /** Worst case |acc| = |bias| + 128 * sum |w| per output channel must fit a signed accBits register. */
    private static void checkAccumulator(String name, QuantOp.Weighted op, int accBits) {
        long limit = (1L << (accBits - 1)) - 1;
        for (int o = 0; o < op.bias().length; o++) {
            long sum = IntegerModel.worstAccumulator(op.weights().values(), op.bias(), o);
            if (sum > limit) {
                throw new IllegalArgumentException("layer '" + name + "': output channel " + o + " may reach " + sum
                        + ", beyond the " + accBits + "-bit accumulator (" + limit + ")");
            }
        }
    }

    private static int consumers(Network net, int node) {
        int c = 0;
        for (Node n : net.nodes()) {
            for (int s : n.inputs()) {
                c += s == node ? 1 : 0;
            }
        }
        return c;
    }

    /** Words per bank for {@code channels} channels of {@code len} values, channel c in bank c mod P. */
    static int bankWords(int channels, int len, int pes) {
        return ceilDiv(channels, pes) * len;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int bits(int count) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, count) - 1));
    }
}
