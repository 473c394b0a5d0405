package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/**
 * Average or max pooling per channel. Padding, where given, lies outside every window's maximum
 * (ONNX's and PyTorch's max-pool padding) and counts as zeros in an average, which always divides
 * by the full window (ONNX's {@code count_include_pad = 1}).
 */
public record Pool(Mode mode, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) implements Layer {
    public enum Mode {
        AVG,
        MAX
    }

    public Pool {
        Layer.require(mode != null, "pool mode missing");
        Layer.require(
                kernelH > 0 && kernelW > 0 && strideH > 0 && strideW > 0, "pool kernel and stride must be positive");
        Layer.require(
                padH >= 0 && padW >= 0 && padH < kernelH && padW < kernelW,
                "pool padding must be below the kernel size");
    }

    /** Without padding. */
    public Pool(Mode mode, int kernelH, int kernelW, int strideH, int strideW) {
        this(mode, kernelH, kernelW, strideH, strideW, 0, 0);
    }

    public boolean padded() {
        return padH > 0 || padW > 0;
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
        return new Shape(
                in.channels(),
                Layer.outSize(in.height(), kernelH, strideH, padH, 1),
                Layer.outSize(in.width(), kernelW, strideW, padW, 1));
    }

    /** Window area: the divisor of average pooling. */
    public int area() {
        return kernelH * kernelW;
    }

    @Override
    public GatherPlan plan(Shape in) {
        // per-channel window: a depthwise gather with one input channel per group
        // (padding taps have index -1: skipped)
        return new Conv(
                        in.channels(),
                        in.channels(),
                        kernelH,
                        kernelW,
                        strideH,
                        strideW,
                        padH,
                        padW,
                        1,
                        1,
                        in.channels())
                .plan(in);
    }
}
