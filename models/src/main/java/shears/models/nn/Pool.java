package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/** Average or max pooling per channel, no padding (average divides by the full window). */
public record Pool(Mode mode, int kernelH, int kernelW, int strideH, int strideW) implements Layer {
    public enum Mode { AVG, MAX }

    public Pool {
        Layer.require(mode != null, "pool mode missing");
        Layer.require(kernelH > 0 && kernelW > 0 && strideH > 0 && strideW > 0, "pool kernel and stride must be positive");
    }

    public static Pool pool1d(Mode mode, int kernel, int stride) {
        return new Pool(mode, 1, kernel, 1, stride);
    }

    public static Pool pool2d(Mode mode, int kernel, int stride) {
        return new Pool(mode, kernel, kernel, stride, stride);
    }

    @Override
    public String kind() {
        return mode == Mode.AVG ? "avgpool" : "maxpool";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        return new Shape(in.channels(), Layer.outSize(in.height(), kernelH, strideH, 0, 1), Layer.outSize(in.width(), kernelW, strideW, 0, 1));
    }

    /** Window area: the divisor of average pooling. */
    public int area() {
        return kernelH * kernelW;
    }

    @Override
    public GatherPlan plan(Shape in) {
        // per-channel window: a depthwise gather with one input channel per group
        return new Conv(in.channels(), in.channels(), kernelH, kernelW, strideH, strideW, 0, 0, 1, 1, in.channels()).plan(in);
    }
}
