package shears.accelerators.hsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import shears.models.hsi.Preprocess;
import shears.models.hsi.SensorModel;
import shears.sim.Simulator;

/**
 * Drives a generated {@code hsi_pipeline} on any engine: reset, the calibration tables through the
 * load port, then raw frames back to back on {@code s_axis_*} while labels are taken from
 * {@code m_axis_*}. With {@code stallProbability} p the source withholds {@code tvalid} (a beat once
 * offered stays offered, as AXI4-Stream requires) and the sink drops {@code tready} each with
 * probability p, from a seeded generator. A run with no handshake on either side for
 * {@link #WATCHDOG_CYCLES} cycles plus twice the cycle model's frame interval is a deadlock and fails
 * naming the cycle.
 */
public final class HsiRun {
    public static final int WATCHDOG_CYCLES = 200_000;
    private final long watchdog;

    /** What the hardware did. */
    public record Result(
            List<int[]> labels,
            long cycles,
            long latencyCycles,
            long firstLabelCycles,
            long frameIntervalCycles,
            Map<String, Long> fifoMaxOccupancy,
            boolean framingError) {}

    private final StreamPlan plan;
    private final Preprocess.Calibration calibration;
    private final List<SensorModel.Frame> frames;
    private final double stallProbability;
    private final long seed;

    public HsiRun(
            StreamPlan plan,
            Preprocess.Calibration calibration,
            List<SensorModel.Frame> frames,
            double stallProbability,
            long seed) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to run");
        }
        if (!(stallProbability >= 0 && stallProbability < 1)) {
            throw new IllegalArgumentException("stall probability must be in [0, 1): " + stallProbability);
        }
        StreamPlan.Front f = plan.front();
        for (SensorModel.Frame fr : frames) {
            if (fr.width() != f.sensorWidth() || fr.height() != f.sensorHeight()) {
                throw new IllegalArgumentException("frame of " + fr.width() + "x" + fr.height() + " for a "
                        + f.sensorWidth() + "x" + f.sensorHeight() + " sensor");
            }
        }
        this.plan = plan;
        this.calibration = calibration;
        this.frames = List.copyOf(frames);
        this.stallProbability = stallProbability;
        this.seed = seed;
        this.watchdog = WATCHDOG_CYCLES + 2 * CycleModel.bottleneck(plan).getValue();
    }

    /** Runs every frame; {@code progress} hears the cycle count every million cycles (may be null). */
    public Result run(Simulator sim, LongConsumer progress) {
        return run(StreamPorts.of(sim), progress);
    }

    /** Runs every frame on the RTL or on the cycle model. */
    public Result run(StreamPorts sim, LongConsumer progress) {
        sim.reset();
        loadCalibration(sim);
        StreamPlan.Front f = plan.front();
        int w = f.sensorWidth();
        int perFrame = f.rawPixels();
        int outW = f.crop().width();
        int outPerFrame = outW * f.crop().height();
        long totalIn = (long) perFrame * frames.size();
        long totalOut = (long) outPerFrame * frames.size();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<int[]> labels = new ArrayList<>();
        int[] current = null;
        long in = 0;
        long out = 0;
        boolean offering = false;
        long start = sim.cycle();
        long firstIn = -1;
        long firstOut = -1;
        long[] frameStart = new long[frames.size()];
        long lastProgress = start;
        long lastMove = start;
        while (out < totalOut) {
            long cycle = sim.cycle();
            if (!offering && in < totalIn) {
                offering = rnd.nextDouble() >= stallProbability;
            }
            boolean ready = rnd.nextDouble() >= stallProbability;
            int frame = (int) (in / perFrame);
            int pos = (int) (in % perFrame);
            sim.poke("s_axis_tvalid", offering ? 1 : 0);
            sim.poke("s_axis_tdata", offering ? frames.get(frame).dn()[pos] & 0xFFFF : 0);
            sim.poke("s_axis_tuser", offering && pos == 0 ? 1 : 0);
            sim.poke("s_axis_tlast", offering && pos % w == w - 1 ? 1 : 0);
            sim.poke("m_axis_tready", ready ? 1 : 0);
            boolean tookIn = offering && sim.peek("s_axis_tready") == 1;
            boolean gaveOut = ready && sim.peek("m_axis_tvalid") == 1;
            if (gaveOut) {
                int idx = (int) (out % outPerFrame);
                checkFraming(sim, cycle, idx, outW);
                if (idx == 0) {
                    current = new int[outPerFrame];
                    labels.add(current);
                    frameStart[labels.size() - 1] = cycle;
                    if (firstOut < 0) {
                        firstOut = cycle;
                    }
                }
                current[idx] = (int) sim.peek("m_axis_tdata");
                out++;
            }
            if (tookIn) {
                if (firstIn < 0) {
                    firstIn = cycle;
                }
                in++;
                offering = false;
            }
            sim.step();
            if (tookIn || gaveOut) {
                lastMove = cycle;
            } else if (cycle - lastMove > watchdog) {
                throw new IllegalStateException(sim.engine()
                        + ": deadlock: no handshake on s_axis or m_axis since cycle " + lastMove + " (" + in + " of "
                        + totalIn + " raw pixels in, " + out + " of " + totalOut + " labels out)");
            }
            if (progress != null && cycle - lastProgress >= 1_000_000) {
                progress.accept(cycle - start);
                lastProgress = cycle;
            }
        }
        Map<String, Long> occupancy = new LinkedHashMap<>();
        for (StreamPlan.Stage s : plan.stages()) {
            if (s instanceof StreamPlan.Cat c) {
                occupancy.put(c.name(), sim.peek("fifo_max_" + c.name()));
            }
        }
        long interval = frames.size() > 1 ? frameStart[frames.size() - 1] - frameStart[frames.size() - 2] : 0;
        return new Result(
                labels,
                sim.cycle() - start,
                firstOut - firstIn,
                firstOut - start,
                interval,
                occupancy,
                sim.peek("err") == 1);
    }

    private void loadCalibration(StreamPorts sim) {
        int[] dark = calibration.dark();
        int[] gain = calibration.gain();
        sim.poke("cal_we", 1);
        for (int i = 0; i < dark.length; i++) {
            sim.poke("cal_addr", i);
            sim.poke("cal_data", dark[i] & 0xFFFFFFFFL);
            sim.step();
            sim.poke("cal_addr", 32 + i);
            sim.poke("cal_data", gain[i] & 0xFFFFFFFFL);
            sim.step();
        }
        sim.poke("cal_we", 0);
    }

    private static void checkFraming(StreamPorts sim, long cycle, int idx, int width) {
        long user = sim.peek("m_axis_tuser");
        long last = sim.peek("m_axis_tlast");
        if (user != (idx == 0 ? 1 : 0) || last != (idx % width == width - 1 ? 1 : 0)) {
            throw new IllegalStateException(sim.engine() + ": cycle " + cycle + ", signal m_axis_tuser/tlast: hardware "
                    + user + "/" + last + " at label " + idx);
        }
    }

    /**
     * The first pixel (row-major) where the hardware's labels differ from the golden model's, as
     * "frame f, pixel (x, y): hardware a, golden b", or null when every label agrees.
     */
    public static String firstMismatch(List<int[]> hardware, List<int[]> golden, int width) {
        for (int f = 0; f < golden.size(); f++) {
            for (int i = 0; i < golden.get(f).length; i++) {
                if (hardware.get(f)[i] != golden.get(f)[i]) {
                    return "frame " + f + ", pixel (" + i % width + ", " + i / width + "): hardware "
                            + hardware.get(f)[i] + ", golden " + golden.get(f)[i];
                }
            }
        }
        return null;
    }
}
