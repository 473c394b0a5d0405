package shears.accelerators.hsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.models.hsi.Bands;
import shears.models.hsi.Preprocess;

/**
 * The cycle model: every stage's handshake schedule (counters, states, FIFO fill) without its data,
 * stepped a cycle at a time behind the same ports as the RTL, so {@link HsiRun} drives both with the
 * same stall sequence and their cycles, frame intervals, latencies and FIFO occupancies must be
 * equal. Each unit mirrors its generator's control logic; labels read back as 0. It also counts, per
 * stage, the cycles it was busy, starved (waiting for input) and blocked (waiting for its reader).
 */
public final class PipelineModel implements StreamPorts {
    /** A valid/ready pair between two units. */
    static final class Link {
        boolean valid;
        boolean ready;

        boolean fires() {
            return valid && ready;
        }
    }

    /** A unit: valids forward, readies backward, then the edge. */
    abstract static class Unit {
        final String name;
        long starved;
        long blocked;

        Unit(String name) {
            this.name = name;
        }

        abstract void forward();

        abstract void backward();

        abstract void edge();
    }

    private final List<Unit> units = new ArrayList<>();
    private final Map<String, Fifo> fifos = new LinkedHashMap<>();
    private final Demosaic demosaic;
    private final Argmax argmax;
    private final StreamPlan plan;
    private long cycle;
    private boolean settled;

    public PipelineModel(StreamPlan plan) {
        this.plan = plan;
        StreamPlan.Front f = plan.front();
        demosaic = new Demosaic(f);
        Calibrate calibrate = new Calibrate(demosaic.out);
        Normalise norm = new Normalise(f, calibrate.out);
        units.add(demosaic);
        units.add(calibrate);
        units.add(norm);
        Link pixels = fifo("pixels", norm.out, f.crop().width()).out;
        List<List<Link>> outs = new ArrayList<>();
        int[] taken = new int[plan.stages().size()];
        for (int i = 0; i < plan.stages().size(); i++) {
            StreamPlan.Stage st = plan.stages().get(i);
            List<Link> ins = new ArrayList<>();
            for (int src : st.inputs()) {
                ins.add(src == StreamPlan.INPUT ? pixels : outs.get(src).get(taken[src]++));
            }
            Link out = stage(st, ins);
            if (plan.consumers(i) == 2) {
                Fork fork = new Fork(st.name(), out);
                units.add(fork);
                outs.add(List.of(fork.a, fork.b));
            } else {
                outs.add(List.of(out));
            }
        }
        StreamPlan.Stage head = plan.stages().get(plan.stages().size() - 1);
        argmax = new Argmax(
                head.outWidth(), head.outHeight(), outs.get(outs.size() - 1).get(0));
        units.add(argmax);
    }

    private Link stage(StreamPlan.Stage st, List<Link> ins) {
        Link out;
        if (st instanceof StreamPlan.Cat cat) {
            Fifo skip = fifo(cat.name(), ins.get(1), cat.fifoDepth());
            Cat c = new Cat(cat.name(), ins.get(0), skip.out);
            units.add(c);
            return c.out;
        } else if (st instanceof StreamPlan.Conv c) {
            Conv u = new Conv(c, ins.get(0));
            units.add(u);
            out = u.out;
        } else if (st instanceof StreamPlan.Pool p) {
            Pool u = new Pool(p, ins.get(0));
            units.add(u);
            return fifo(p.name(), u.out, p.outWidth()).out;
        } else {
            StreamPlan.Up up = (StreamPlan.Up) st;
            Up u = new Up(up, ins.get(0));
            units.add(u);
            return fifo(up.name(), u.out, 2 * up.outWidth()).out;
        }
        return out;
    }

    private Fifo fifo(String name, Link in, int depth) {
        Fifo f = new Fifo(name, in, depth);
        units.add(f);
        fifos.put(name, f);
        return f;
    }

    @Override
    public String engine() {
        return "cycle model";
    }

    /** The reset cycle; a model starts in the reset state and runs once (make a new one for another run). */
    @Override
    public void reset() {
        if (cycle != 0) {
            throw new IllegalStateException("the cycle model has run already; make a new one for another run");
        }
        cycle++;
        settled = false;
    }

    @Override
    public void poke(String port, long value) {
        boolean v = value != 0;
        switch (port) {
            case "s_axis_tvalid" -> demosaic.in.valid = v;
            case "s_axis_tuser" -> demosaic.tuser = v;
            case "m_axis_tready" -> argmax.mReady = v;
            default -> {
                return; // data and calibration ports do not change the schedule
            }
        }
        settled = false;
    }

    @Override
    public long peek(String port) {
        settle();
        return switch (port) {
            case "s_axis_tready" -> demosaic.in.ready ? 1 : 0;
            case "m_axis_tvalid" -> argmax.valid() ? 1 : 0;
            case "m_axis_tuser" -> argmax.user() ? 1 : 0;
            case "m_axis_tlast" -> argmax.last() ? 1 : 0;
            case "m_axis_tdata", "err" -> 0;
            default -> {
                if (port.startsWith("fifo_max_") && fifos.containsKey(port.substring(9))) {
                    yield fifos.get(port.substring(9)).maxOcc;
                }
                throw new IllegalArgumentException("the cycle model has no port '" + port + "'");
            }
        };
    }

    private void settle() {
        if (!settled) {
            for (Unit u : units) {
                u.forward();
            }
            for (int i = units.size() - 1; i >= 0; i--) {
                units.get(i).backward();
            }
            settled = true;
        }
    }

    @Override
    public void step() {
        settle();
        for (Unit u : units) {
            u.edge();
        }
        cycle++;
        settled = false;
    }

    @Override
    public long cycle() {
        return cycle;
    }

    /** Per stage: cycles starved of input and blocked by its reader so far. */
    public Map<String, long[]> stalls() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Unit u : units) {
            m.put(u.name, new long[] {u.starved, u.blocked});
        }
        return m;
    }

    public StreamPlan plan() {
        return plan;
    }

    // ---- units, each mirroring its generator's control ------------------------------------------

    /** {@link FrontEnd#demosaic}. */
    static final class Demosaic extends Unit {
        final Link in = new Link();
        final Link out = new Link();
        boolean tuser;
        final StreamPlan.Front f;
        int sx;
        int sy;
        int cc;
        int rr;
        boolean emitting;
        int eb;
        boolean loadPos;
        int x;
        int y;
        int c;
        int r;

        Demosaic(StreamPlan.Front f) {
            super("demosaic");
            this.f = f;
        }

        @Override
        void forward() {
            out.valid = emitting;
            x = tuser ? 0 : sx;
            y = tuser ? 0 : sy;
            c = tuser ? 0 : cc;
            r = tuser ? 0 : rr;
            Preprocess.Crop crop = f.crop();
            boolean inCol = x >= crop.left() && x < crop.left() + Bands.MOSAIC * crop.width();
            boolean inRow = y >= crop.top() && y < crop.top() + Bands.MOSAIC * crop.height();
            loadPos = inRow && inCol && r == 4 && c == 4;
            in.ready = !(emitting && loadPos);
        }

        @Override
        void backward() {}

        @Override
        void edge() {
            if (emitting && out.ready) {
                eb++;
                if (eb == Bands.COUNT) {
                    emitting = false;
                }
            } else if (emitting) {
                blocked++;
            }
            if (!in.fires()) {
                return;
            }
            Preprocess.Crop crop = f.crop();
            boolean lineEnd = x == f.sensorWidth() - 1;
            int xNext = lineEnd ? 0 : x + 1;
            int yNext = lineEnd ? (y == f.sensorHeight() - 1 ? 0 : y + 1) : y;
            sx = xNext;
            sy = yNext;
            cc = xNext == crop.left() ? 0 : c == 4 ? 0 : (c + 1) & 7;
            if (lineEnd) {
                rr = yNext == crop.top() ? 0 : r == 4 ? 0 : (r + 1) & 7;
            }
            if (loadPos) {
                emitting = true;
                eb = 0;
            }
        }
    }

    /** {@link FrontEnd#calibrate}: a fixed-latency pipeline into a queue, with credits for both. */
    static final class Calibrate extends Unit {
        final Link in;
        final Link out = new Link();
        final boolean[] inFlight = new boolean[FrontEnd.CALIBRATE_LATENCY];
        int credits;
        int queued;

        Calibrate(Link in) {
            super("calibrate");
            this.in = in;
        }

        @Override
        void forward() {
            out.valid = queued > 0;
        }

        @Override
        void backward() {
            in.ready = credits != FrontEnd.CALIBRATE_CREDITS;
        }

        @Override
        void edge() {
            boolean push = in.fires();
            boolean pop = out.fires();
            if (!in.valid && credits == 0) {
                starved++;
            }
            queued += (inFlight[inFlight.length - 1] ? 1 : 0) - (pop ? 1 : 0);
            for (int i = inFlight.length - 1; i > 0; i--) {
                inFlight[i] = inFlight[i - 1];
            }
            inFlight[0] = push;
            credits += (push ? 1 : 0) - (pop ? 1 : 0);
        }
    }

    /** {@link FrontEnd#normalise}. */
    static final class Normalise extends Unit {
        final Link in;
        final Link out = new Link();
        final int solveCycles;
        final int keep;
        /** The gatherer: a complete pixel waits to be taken. */
        boolean full;

        int band;
        /** The processor: 0 idle, 1 reciprocal, 2 quantise, 3 hand over. */
        int state;

        int solveStep;
        int k;
        boolean outV;

        Normalise(StreamPlan.Front f, Link in) {
            super("normalise");
            this.in = in;
            this.solveCycles = FrontEnd.solveCycles(f.norm());
            this.keep = f.keep().length;
        }

        @Override
        void forward() {
            out.valid = outV;
        }

        @Override
        void backward() {
            in.ready = !full;
        }

        @Override
        void edge() {
            boolean handOver = state == 3 && (!outV || out.ready);
            boolean take = state == 0 && full;
            if (state == 0 && !full) {
                starved++;
            }
            if (state == 3 && !handOver) {
                blocked++;
            }
            if (outV && out.ready) {
                outV = false;
            }
            if (in.fires()) {
                if (band == Bands.COUNT - 1) {
                    band = 0;
                    full = true;
                } else {
                    band++;
                }
            }
            if (take) {
                full = false;
                state = solveCycles == 0 ? 2 : 1;
            } else if (state == 1) {
                if (solveStep == solveCycles - 1) {
                    solveStep = 0;
                    state = 2;
                } else {
                    solveStep++;
                }
            } else if (state == 2) {
                // keep + 2 cycles: the last kept band passes two more registers before the quantiser
                if (k == keep + 1) {
                    k = 0;
                    state = 3;
                } else {
                    k++;
                }
            } else if (handOver) {
                outV = true;
                state = 0;
            }
        }
    }

    /** {@link ConvUnit}. */
    static final class Conv extends Unit {
        final Link in;
        final Link out = new Link();
        final int k;
        final int pad;
        final int w;
        final int h;
        final int gw;
        final int gh;
        final int folds;
        final int sf;
        int col;
        int row;
        boolean run;
        int step;
        boolean outV;
        boolean border;
        /** Per pipeline stage (the input selection when SF > 1, products, accumulator, requantiser): holds an item, its last SIMD fold, the window's last fold. */
        final boolean[] pv;

        final boolean[] plastSimd;
        final boolean[] plast;

        Conv(StreamPlan.Conv c, Link in) {
            super(c.name());
            this.in = in;
            k = c.kernel();
            pad = k / 2;
            w = c.width();
            h = c.height();
            gw = w + 2 * pad;
            gh = h + 2 * pad;
            folds = c.fold();
            sf = c.fanIn() / c.simd();
            pv = new boolean[ConvUnit.pipelineStages(c)];
            plastSimd = new boolean[pv.length];
            plast = new boolean[pv.length];
        }

        @Override
        void forward() {
            out.valid = outV;
            border = col < pad || col >= pad + w || row < pad || row >= pad + h;
        }

        @Override
        void backward() {
            in.ready = !run && !border;
        }

        @Override
        void edge() {
            boolean accept = !run && (border || in.valid);
            boolean last = step == folds - 1;
            int end = pv.length - 1;
            boolean stall = pv[end] && plast[end] && outV && !out.ready;
            boolean adv = run && !stall;
            if (!run && !accept) {
                starved++;
            }
            if (run && !adv) {
                blocked++;
            }
            boolean produces = k == 1 || row >= k - 1 && col >= k - 1;
            if (outV && out.ready) {
                outV = false;
            }
            if (pv[end] && plast[end] && !stall) {
                outV = true;
            }
            if (!stall) {
                // the requantiser stage takes only an output fold's final sums
                for (int i = end; i > 0; i--) {
                    pv[i] = pv[i - 1] && (i < end || plastSimd[i - 1]);
                    plastSimd[i] = plastSimd[i - 1];
                    plast[i] = plast[i - 1];
                }
                pv[0] = adv;
                plastSimd[0] = step % sf == sf - 1;
                plast[0] = last;
            }
            if (adv) {
                step = last ? 0 : step + 1;
                if (last) {
                    run = false;
                }
            }
            if (accept) {
                if (produces) {
                    run = true;
                }
                if (col == gw - 1) {
                    col = 0;
                    row = row == gh - 1 ? 0 : row + 1;
                } else {
                    col++;
                }
            }
        }
    }

    /** {@link StreamUnits#pool}. */
    static final class Pool extends Unit {
        final Link in;
        final Link out = new Link();
        final int w;
        int col;
        boolean odd;
        boolean outV;

        Pool(StreamPlan.Pool p, Link in) {
            super(p.name());
            this.in = in;
            this.w = p.width();
        }

        @Override
        void forward() {
            out.valid = outV;
        }

        @Override
        void backward() {
            in.ready = !(odd && (col & 1) == 1 && outV);
        }

        @Override
        void edge() {
            boolean emits = odd && (col & 1) == 1;
            if (!in.valid) {
                starved++;
            } else if (!in.ready) {
                blocked++;
            }
            if (outV && out.ready) {
                outV = false;
            }
            if (in.fires()) {
                if (emits) {
                    outV = true;
                }
                if (col == w - 1) {
                    col = 0;
                    odd = !odd;
                } else {
                    col++;
                }
            }
        }
    }

    /** {@link StreamUnits#up}. */
    static final class Up extends Unit {
        final Link in;
        final Link out = new Link();
        final int w;
        int state;
        int col;

        Up(StreamPlan.Up u, Link in) {
            super(u.name());
            this.in = in;
            this.w = u.width();
        }

        @Override
        void forward() {
            out.valid = state != 0;
        }

        @Override
        void backward() {
            in.ready = state == 0;
        }

        @Override
        void edge() {
            boolean lastCol = col == w - 1;
            int colNext = lastCol ? 0 : col + 1;
            if (state == 0 && !in.valid) {
                starved++;
            }
            if (state != 0 && !out.ready) {
                blocked++;
            }
            switch (state) {
                case 0 -> state = in.valid ? 1 : 0;
                case 1 -> state = out.ready ? 2 : 1;
                case 2 -> {
                    if (out.ready) {
                        state = lastCol ? 3 : 0;
                        col = colNext;
                    }
                }
                case 3 -> state = out.ready ? 4 : 3;
                default -> {
                    if (out.ready) {
                        state = lastCol ? 0 : 3;
                        col = colNext;
                    }
                }
            }
        }
    }

    /** {@link StreamUnits#cat}. */
    static final class Cat extends Unit {
        final Link a;
        final Link b;
        final Link out = new Link();
        boolean outV;

        Cat(String name, Link a, Link b) {
            super(name);
            this.a = a;
            this.b = b;
        }

        @Override
        void forward() {
            out.valid = outV;
        }

        @Override
        void backward() {
            boolean free = !outV || out.ready;
            a.ready = b.valid && free;
            b.ready = a.valid && free;
        }

        @Override
        void edge() {
            boolean free = !outV || out.ready;
            boolean take = a.valid && b.valid && free;
            if (!a.valid || !b.valid) {
                starved++;
            } else if (!free) {
                blocked++;
            }
            if (outV && out.ready) {
                outV = false;
            }
            if (take) {
                outV = true;
            }
        }
    }

    /** {@link StreamUnits#fork}. */
    static final class Fork extends Unit {
        final Link in;
        final Link a = new Link();
        final Link b = new Link();
        boolean aDone;
        boolean bDone;

        Fork(String name, Link in) {
            super(name + "_fork");
            this.in = in;
        }

        @Override
        void forward() {
            a.valid = in.valid && !aDone;
            b.valid = in.valid && !bDone;
        }

        @Override
        void backward() {
            in.ready = (aDone || a.ready) && (bDone || b.ready);
        }

        @Override
        void edge() {
            if (in.valid && !in.ready) {
                blocked++;
            }
            if (in.fires()) {
                aDone = false;
                bDone = false;
            } else {
                aDone |= a.fires();
                bDone |= b.fires();
            }
        }
    }

    /** {@link StreamUnits#fifo}. */
    static final class Fifo extends Unit {
        final Link in;
        final Link out = new Link();
        final int depth;
        int count;
        boolean avail;
        boolean outV;
        long maxOcc;

        Fifo(String name, Link in, int depth) {
            super(name + "_fifo");
            this.in = in;
            this.depth = depth;
        }

        @Override
        void forward() {
            out.valid = outV;
        }

        @Override
        void backward() {
            in.ready = count < depth;
        }

        @Override
        void edge() {
            boolean push = in.fires();
            boolean pop = avail && (!outV || out.ready);
            if (in.valid && !in.ready) {
                blocked++;
            }
            avail = pop ? count >= 2 : count >= 1;
            boolean outNext = pop || outV && !out.ready;
            outV = outNext;
            count += (push ? 1 : 0) - (pop ? 1 : 0);
            long occ = count + (outNext ? 1 : 0);
            maxOcc = Math.max(maxOcc, occ);
        }
    }

    /** {@link StreamUnits#argmax}: its registers, then a queue of the position flags its entries carry. */
    static final class Argmax extends Unit {
        final Link in;
        final int w;
        final int h;
        boolean mReady;
        int credits;
        /** The registers before the queue, per stage: holds a pixel, its tuser, its tlast. */
        final boolean[] held = new boolean[StreamUnits.ARGMAX_LATENCY];

        final boolean[] heldUser = new boolean[StreamUnits.ARGMAX_LATENCY];
        final boolean[] heldLast = new boolean[StreamUnits.ARGMAX_LATENCY];
        /** The output queue's tuser and tlast, head first. */
        final java.util.ArrayDeque<boolean[]> queue = new java.util.ArrayDeque<>();

        int col;
        int row;

        Argmax(int w, int h, Link in) {
            super("argmax");
            this.w = w;
            this.h = h;
            this.in = in;
        }

        boolean valid() {
            return !queue.isEmpty();
        }

        boolean user() {
            return valid() && queue.peekFirst()[0];
        }

        boolean last() {
            return valid() && queue.peekFirst()[1];
        }

        @Override
        void forward() {}

        @Override
        void backward() {
            in.ready = credits != StreamUnits.ARGMAX_CREDITS;
        }

        @Override
        void edge() {
            boolean push = in.fires();
            boolean pop = valid() && mReady;
            if (pop) {
                queue.pollFirst();
            }
            int end = held.length - 1;
            if (held[end]) {
                queue.addLast(new boolean[] {heldUser[end], heldLast[end]});
            }
            for (int i = end; i > 0; i--) {
                held[i] = held[i - 1];
                heldUser[i] = heldUser[i - 1];
                heldLast[i] = heldLast[i - 1];
            }
            held[0] = push;
            if (push) {
                heldUser[0] = col == 0 && row == 0;
                heldLast[0] = col == w - 1;
                if (col == w - 1) {
                    col = 0;
                    row = row == h - 1 ? 0 : row + 1;
                } else {
                    col++;
                }
            }
            credits += (push ? 1 : 0) - (pop ? 1 : 0);
        }
    }
}
