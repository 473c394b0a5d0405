package shears.accelerators.hsi;

import java.util.LinkedHashMap;
import java.util.Map;
import shears.models.hsi.Bands;

/**
 * Cycles each stage needs per frame when never starved or blocked, from the stage's schedule: the
 * demosaic takes a raw pixel per cycle and spends 25 cycles per super-pixel emitting bands, stalling
 * its input on the fifth mosaic row; calibration a band per cycle; normalisation
 * {@link FrontEnd#pixelCycles} per pixel (the gatherer and the processor overlap); a convolution one cycle per
 * position of its padded grid plus {@link StreamPlan.Conv#fold()} per output; max-pool and
 * concatenation a cycle per input pixel; depth-to-space five per input pixel; the argmax one per
 * label. The slowest stage sets the frame interval; measured intervals are reported beside it.
 */
public final class CycleModel {
    private CycleModel() {}

    /** Cycles per frame of every stage, in pipeline order. */
    public static Map<String, Long> stageCycles(StreamPlan plan) {
        Map<String, Long> m = new LinkedHashMap<>();
        StreamPlan.Front f = plan.front();
        long px = (long) f.crop().width() * f.crop().height();
        m.put("demosaic", f.rawPixels() + (long) (Bands.COUNT - Bands.MOSAIC) * px);
        m.put("calibrate", Bands.COUNT * px);
        m.put("normalise", (long) FrontEnd.pixelCycles(f) * px);
        for (StreamPlan.Stage s : plan.stages()) {
            m.put(s.name(), cycles(s));
        }
        StreamPlan.Stage head = plan.stages().get(plan.stages().size() - 1);
        m.put("argmax", (long) head.outHeight() * head.outWidth());
        return m;
    }

    static long cycles(StreamPlan.Stage s) {
        if (s instanceof StreamPlan.Conv c) {
            return convCycles(c, c.pe(), c.simd());
        } else if (s instanceof StreamPlan.Up u) {
            return 5L * u.height() * u.width();
        } else if (s instanceof StreamPlan.Pool p) {
            return (long) p.height() * p.width();
        }
        return (long) s.outHeight() * s.outWidth();
    }

    /** Cycles per frame of convolution {@code c} folded to {@code pe} x {@code simd}: its padded grid plus each output's folds. */
    static long convCycles(StreamPlan.Conv c, int pe, int simd) {
        long grid = (long) (c.height() + c.kernel() - 1) * (c.width() + c.kernel() - 1);
        return grid + (long) c.height() * c.width() * (c.fanIn() / simd) * (c.outChannels() / pe);
    }

    /** The slowest stage's name and cycles per frame: the model's frame interval. */
    public static Map.Entry<String, Long> bottleneck(StreamPlan plan) {
        return stageCycles(plan).entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow();
    }
}
