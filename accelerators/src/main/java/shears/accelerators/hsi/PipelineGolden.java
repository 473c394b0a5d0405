package shears.accelerators.hsi;

import shears.models.hsi.IntCube;
import shears.models.hsi.Preprocess;
import shears.models.hsi.SensorModel;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Requantizer;
import shears.models.tensor.IntTensor;

/**
 * The whole pipeline in integers, the reference the hardware must equal label for label: part 1's
 * preprocessing ({@link Preprocess}), the input quantiser of the plan's front end, the integer golden
 * model ({@link IntegerModel}) and the argmax.
 */
public final class PipelineGolden {
    private PipelineGolden() {}

    /** The int8 network input the front end produces for {@code raw}. */
    public static IntTensor input(StreamPlan.Front f, Preprocess.Calibration cal, SensorModel.Frame raw) {
        IntCube r = Preprocess.calibrate(Preprocess.cube(raw, f.crop()), cal);
        IntCube n = Preprocess.selectBands(Preprocess.normalise(r, f.norm()), f.keep());
        int plane = n.width() * n.height();
        int[] q = new int[n.values().length];
        StreamPlan.Scale s = f.quantiser();
        for (int p = 0; p < plane; p++) {
            for (int b = 0; b < n.bands(); b++) {
                long y = n.values()[p * n.bands() + b];
                long v = s.shift() == 0
                        ? y * s.multiplier()
                        : (y * s.multiplier() + (1L << (s.shift() - 1))) >> s.shift();
                q[b * plane + p] = Requantizer.saturate(v, QuantizedNetwork.ACT_MIN, QuantizedNetwork.ACT_MAX);
            }
        }
        return new IntTensor(new shears.models.tensor.Shape(n.bands(), n.height(), n.width()), q);
    }

    /** Labels of {@code raw}, row-major over the crop. */
    public static int[] labels(
            StreamPlan.Front f, Preprocess.Calibration cal, QuantizedNetwork q, SensorModel.Frame raw) {
        IntTensor[] acts = IntegerModel.run(q, input(f, cal, raw));
        return IntegerModel.argmax(acts[acts.length - 1]);
    }

    /** The front end's quantiser for a network whose real input is {@code valueScale} x the 12-bit value. */
    public static StreamPlan.Scale quantiser(QuantizedNetwork q, double valueScale) {
        return StreamPlan.Scale.of(Requantizer.of(valueScale / q.inputScale()));
    }
}
