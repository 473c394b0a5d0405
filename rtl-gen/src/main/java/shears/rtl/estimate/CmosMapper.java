package shears.rtl.estimate;

import java.util.Arrays;
import shears.rtl.aig.AigBuilder;

/**
 * Transistor count of an {@link AigBuilder} mapped onto the gates of the Yosys cross-check ({@code abc -g
 * cmos2}: NAND2 and NOR2 of 4 transistors, NOT of 2, every gate one unit of delay; {@code stat -tech
 * cmos}), mapped the way ABC's standard-cell mapper {@code &nf} does it with that library.
 *
 * <p>Each AND node u = a &amp; b has two phases: its complement is a NAND of a and b, its value a NOR of
 * their complements, and either phase can instead be an inverter of the other. The first round maps
 * for least delay, so a node whose two phases are both needed on a critical path is built twice
 * rather than wait for an inverter; the following rounds recover area by area flow under the delay
 * found (a phase becomes an inverter of the other where that is cheaper in flow and in time), with
 * fan-out estimates blended from round to round. ABC's exact-area rounds only swap one gate for
 * another of the same cut, which a two-input library does not offer, so they change nothing here. Before
 * mapping, {@link SupergateRewrite} regroups AND trees as ABC's {@code dc2} does.
 *
 * <p>On the same and-inverter graphs ABC's {@code &nf} and this mapper agree within 0.1 % on counter,
 * fir, mac-array and wide-alu, and within 1 to 7 % on random netlists (measured with {@code yosys-abc}
 * on exported graphs while developing it).
 */
final class CmosMapper {
    static final int TRANSISTORS_PER_GATE = 4;
    static final int TRANSISTORS_PER_INVERTER = 2;
    /** Rounds of {@code &nf}: one for delay, then area flow ({@code -F 4} counts all of them). */
    static final int ROUNDS = 4;

    private static final int INF = Integer.MAX_VALUE / 4;
    private static final double EPSILON = 0.001;

    /**
     * @param transistors     total for the live logic (flip-flops not included)
     * @param aig             the graph that was mapped (after {@link SupergateRewrite})
     * @param nodeTransistors transistors of each node of {@code aig}: its gates and inverters
     * @param delay           levels of gates (inverters included) on the longest path
     */
    record Result(double transistors, AigBuilder aig, double[] nodeTransistors, int delay) {}

    private final AigBuilder g;
    private final int n;
    private final boolean[] live;
    // Per literal (2 * node + phase): the delay-best (d*) and the area-flow-best (a*) implementation.
    private final int[] dDelay;
    private final int[] aDelay;
    private final double[] dFlow;
    private final double[] aFlow;
    private final boolean[] dInverter;
    private final boolean[] aInverter;
    private final int[] required;
    private final int[] mapRefs;
    private final double[] flowRefs;
    private final double[] nodeTransistors;
    private int gates;
    private int inverters;

    private CmosMapper(AigBuilder g, boolean[] live) {
        this.g = g;
        this.n = g.size();
        this.live = live;
        dDelay = new int[2 * n];
        aDelay = new int[2 * n];
        dFlow = new double[2 * n];
        aFlow = new double[2 * n];
        dInverter = new boolean[2 * n];
        aInverter = new boolean[2 * n];
        required = new int[2 * n];
        mapRefs = new int[2 * n];
        flowRefs = new double[2 * n];
        nodeTransistors = new double[n];
    }

    static Result map(AigBuilder blasted, int[] blastedRoots, boolean[] blastedLive) {
        SupergateRewrite.Result rw = SupergateRewrite.run(blasted, blastedRoots, blastedLive);
        AigBuilder g = rw.aig();
        boolean[] live = new boolean[g.size()];
        g.liveAnds(rw.roots(), live);
        CmosMapper m = new CmosMapper(g, live);
        int delay = m.run(rw.roots());
        double total = TRANSISTORS_PER_GATE * (double) m.gates + TRANSISTORS_PER_INVERTER * (double) m.inverters;
        return new Result(total, g, m.nodeTransistors, delay);
    }

    private int run(int[] roots) {
        initialFlowRefs(roots);
        Arrays.fill(required, INF);
        int mapDelay = 0;
        for (int round = 0; round < ROUNDS; round++) {
            match(round);
            mapDelay = Math.max(mapDelay, selectCover(roots, mapDelay, round == ROUNDS - 1));
            double keep = 1.0 / (1.0 + (round + 1) * (round + 1));
            for (int s = 0; s < 2 * n; s++) {
                flowRefs[s] = Math.max(1.0, keep * flowRefs[s] + (1 - keep) * Math.max(1, mapRefs[s]));
            }
        }
        return mapDelay;
    }

    /**
     * Fan-outs among AND nodes and to outputs, both phases alike; the control of a multiplexer or XOR
     * counts one less (its two uses inside the structure become one), as ABC's {@code Mf_ManSetFlowRefs}.
     */
    private void initialFlowRefs(int[] roots) {
        int[] refs = new int[n];
        for (int u = 1; u < n; u++) {
            if (!live[u] || !g.isAnd(u)) {
                continue;
            }
            int a = g.fanin0(u) >> 1;
            int b = g.fanin1(u) >> 1;
            refs[a] += g.isAnd(a) ? 1 : 0;
            refs[b] += g.isAnd(b) ? 1 : 0;
            discountMux(u, refs);
        }
        for (int r : roots) {
            refs[r >> 1] += g.isAnd(r >> 1) ? 1 : 0;
        }
        for (int u = 0; u < n; u++) {
            flowRefs[2 * u] = Math.max(1, refs[u]);
            flowRefs[2 * u + 1] = Math.max(1, refs[u]);
        }
    }

    /**
     * When u = !(c &amp; x) &amp; !(!c &amp; y) (a multiplexer, or an XOR if x = !y): one reference less for the
     * control c, and for the data node if both data inputs are the same node.
     */
    private void discountMux(int u, int[] refs) {
        int f0 = g.fanin0(u);
        int f1 = g.fanin1(u);
        if ((f0 & 1) == 0 || (f1 & 1) == 0 || !g.isAnd(f0 >> 1) || !g.isAnd(f1 >> 1)) {
            return;
        }
        for (int i = 0; i < 2; i++) {
            int xi = i == 0 ? g.fanin0(f0 >> 1) : g.fanin1(f0 >> 1);
            int xo = i == 0 ? g.fanin1(f0 >> 1) : g.fanin0(f0 >> 1);
            for (int j = 0; j < 2; j++) {
                int yj = j == 0 ? g.fanin0(f1 >> 1) : g.fanin1(f1 >> 1);
                int yo = j == 0 ? g.fanin1(f1 >> 1) : g.fanin0(f1 >> 1);
                if (xi == AigBuilder.not(yj)) {
                    refs[xi >> 1] -= g.isAnd(xi >> 1) ? 1 : 0;
                    if ((xo >> 1) == (yo >> 1) && g.isAnd(xo >> 1)) {
                        refs[xo >> 1]--;
                    }
                    return;
                }
            }
        }
    }

    /** The literal phases the gate of literal s reads: NAND(a, b) for the complement, NOR(!a, !b) for the node. */
    private int gateFanin(int s, int k) {
        int u = s >> 1;
        int f = k == 0 ? g.fanin0(u) : g.fanin1(u);
        return (s & 1) == 1 ? f : AigBuilder.not(f);
    }

    /** Best implementations of both phases of every node, in topological order ({@code Nf_ManCutMatch}). */
    private void match(int round) {
        for (int u = 1; u < n; u++) {
            if (!live[u]) {
                continue;
            }
            int s0 = 2 * u;
            int s1 = s0 + 1;
            if (!g.isAnd(u)) {
                set(s0, 0, 0, false);
                set(s1, 1, TRANSISTORS_PER_INVERTER, true);
                continue;
            }
            int req0 = 0;
            int req1 = 0;
            if (round > 0) {
                if (required[s0] == INF) {
                    required[s0] = gateRequired(s0);
                }
                if (required[s1] == INF) {
                    required[s1] = gateRequired(s1);
                }
                req0 = required[s0];
                req1 = required[s1];
            }
            for (int c = 0; c < 2; c++) {
                int s = s0 + c;
                int rq = required[s];
                int delay = 0;
                double flow = TRANSISTORS_PER_GATE;
                for (int k = 0; k < 2; k++) {
                    int f = gateFanin(s, k);
                    if (f >> 1 == 0) {
                        continue;
                    }
                    // A fan-in's area-best implementation if it arrives in time, else its fastest.
                    if (rq != INF && aDelay[f] + 1 <= rq) {
                        delay = Math.max(delay, aDelay[f] + 1);
                        flow += aFlow[f];
                    } else {
                        delay = Math.max(delay, dDelay[f] + 1);
                        flow += dFlow[f];
                    }
                }
                set(s, delay, flow / flowRefs[s], false);
            }
            // An inverter of the other phase when that is faster ...
            if (dDelay[s0] > dDelay[s1] + 1) {
                dDelay[s0] = dDelay[s1] + 1;
                dFlow[s0] = dFlow[s1] + TRANSISTORS_PER_INVERTER;
                dInverter[s0] = true;
            } else if (dDelay[s1] > dDelay[s0] + 1) {
                dDelay[s1] = dDelay[s0] + 1;
                dFlow[s1] = dFlow[s0] + TRANSISTORS_PER_INVERTER;
                dInverter[s1] = true;
            }
            // ... or smaller in area flow and still in time.
            if (round > 0 && aFlow[s0] > aFlow[s1] + TRANSISTORS_PER_INVERTER + EPSILON && aDelay[s1] + 1 <= req0) {
                aDelay[s0] = aDelay[s1] + 1;
                aFlow[s0] = aFlow[s1] + TRANSISTORS_PER_INVERTER;
                aInverter[s0] = true;
            } else if (round > 0
                    && aFlow[s1] > aFlow[s0] + TRANSISTORS_PER_INVERTER + EPSILON
                    && aDelay[s0] + 1 <= req1) {
                aDelay[s1] = aDelay[s0] + 1;
                aFlow[s1] = aFlow[s0] + TRANSISTORS_PER_INVERTER;
                aInverter[s1] = true;
            }
        }
    }

    private void set(int s, int delay, double flow, boolean inverter) {
        dDelay[s] = delay;
        aDelay[s] = delay;
        dFlow[s] = flow;
        aFlow[s] = flow;
        dInverter[s] = inverter;
        aInverter[s] = inverter;
    }

    /** Required time of an unused phase: what its gate's fan-ins allow ({@code Nf_CutRequired}). */
    private int gateRequired(int s) {
        int arrival = 0;
        int req = 0;
        for (int k = 0; k < 2; k++) {
            int f = gateFanin(s, k);
            if (f >> 1 == 0) {
                continue;
            }
            arrival = Math.max(arrival, dDelay[f] + 1);
            if (required[f] < INF) {
                req = Math.max(req, required[f] + 1);
            }
        }
        return Math.max(req, arrival);
    }

    /**
     * Chooses the cover from the outputs back ({@code Nf_ManSetMapRefs}): each used phase takes its
     * area-best implementation if that meets its required time, else the fastest; at most one phase of a
     * node is an inverter. Returns the delay of the cover.
     */
    private int selectCover(int[] roots, int previousDelay, boolean last) {
        Arrays.fill(required, INF);
        Arrays.fill(mapRefs, 0);
        int delay = previousDelay;
        for (int r : roots) {
            if (r >> 1 != 0) {
                delay = Math.max(delay, dDelay[r]);
            }
        }
        for (int r : roots) {
            if (r >> 1 != 0) {
                required[r] = Math.min(required[r], delay);
                mapRefs[r]++;
            }
        }
        gates = 0;
        inverters = 0;
        if (last) {
            Arrays.fill(nodeTransistors, 0);
        }
        for (int u = n - 1; u > 0; u--) {
            if (!live[u] || !g.isAnd(u)) {
                continue;
            }
            int s0 = 2 * u;
            int s1 = s0 + 1;
            if (mapRefs[s0] == 0 && mapRefs[s1] == 0) {
                continue;
            }
            boolean inv0 = mapRefs[s0] > 0 && (aDelay[s0] <= required[s0] ? aInverter[s0] : dInverter[s0]);
            boolean inv1 = mapRefs[s1] > 0 && (aDelay[s1] <= required[s1] ? aInverter[s1] : dInverter[s1]);
            if (inv0 && inv1) {
                inv0 = dInverter[s0];
                inv1 = dInverter[s1] && !inv0;
            }
            for (int c = 0; c < 2; c++) {
                int s = s0 + c;
                boolean inverter = c == 0 ? inv0 : inv1;
                if (mapRefs[s] > 0 && inverter) {
                    mapRefs[s ^ 1]++;
                    required[s ^ 1] = Math.min(required[s ^ 1], required[s] - 1);
                    inverters++;
                    if (last) {
                        nodeTransistors[u] += TRANSISTORS_PER_INVERTER;
                    }
                }
            }
            for (int c = 0; c < 2; c++) {
                int s = s0 + c;
                boolean inverter = c == 0 ? inv0 : inv1;
                if (mapRefs[s] > 0 && !inverter) {
                    for (int k = 0; k < 2; k++) {
                        int f = gateFanin(s, k);
                        if (f >> 1 != 0) {
                            mapRefs[f]++;
                            required[f] = Math.min(required[f], required[s] - 1);
                        }
                    }
                    gates++;
                    if (last) {
                        nodeTransistors[u] += TRANSISTORS_PER_GATE;
                    }
                }
            }
        }
        for (int u = 1; u < n; u++) {
            if (live[u] && g.isInput(u) && mapRefs[2 * u + 1] > 0) {
                inverters++;
                if (last) {
                    nodeTransistors[u] += TRANSISTORS_PER_INVERTER;
                }
            }
        }
        return delay;
    }
}
