package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/**
 * Grouped 2-D convolution; one-dimensional convolutions have {@code kernelH == 1}. Depthwise is
 * {@code groups == inChannels}, pointwise is a 1x1 kernel. Weights {@code [out][in/groups][kh][kw]}
 * (PyTorch's Conv1d/Conv2d layout), bias {@code [out]}.
 */
public record Conv(
        int inChannels,
        int outChannels,
        int kernelH,
        int kernelW,
        int strideH,
        int strideW,
        int padH,
        int padW,
        int dilationH,
        int dilationW,
        int groups)
        implements Layer {
    public Conv {
        Layer.require(inChannels > 0 && outChannels > 0, "conv channels must be positive");
        Layer.require(
                kernelH > 0 && kernelW > 0 && strideH > 0 && strideW > 0 && dilationH > 0 && dilationW > 0,
                "conv kernel, stride and dilation must be positive");
        Layer.require(padH >= 0 && padW >= 0, "conv padding must not be negative");
        Layer.require(
                groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
                "conv groups " + groups + " must divide in " + inChannels + " and out " + outChannels + " channels");
    }

    public static Conv conv1d(int in, int out, int kernel, int stride, int pad, int dilation) {
        return new Conv(in, out, 1, kernel, 1, stride, 0, pad, 1, dilation, 1);
    }

    public static Conv depthwise1d(int channels, int kernel, int stride, int pad, int dilation) {
        return new Conv(channels, channels, 1, kernel, 1, stride, 0, pad, 1, dilation, channels);
    }

    public static Conv pointwise1d(int in, int out) {
        return new Conv(in, out, 1, 1, 1, 1, 0, 0, 1, 1, 1);
    }

    public static Conv conv2d(int in, int out, int kernel, int stride, int pad) {
        return new Conv(in, out, kernel, kernel, stride, stride, pad, pad, 1, 1, 1);
    }

    public static Conv depthwise2d(int channels, int kernel, int stride, int pad) {
        return new Conv(channels, channels, kernel, kernel, stride, stride, pad, pad, 1, 1, channels);
    }

    public static Conv pointwise2d(int in, int out) {
        return new Conv(in, out, 1, 1, 1, 1, 0, 0, 1, 1, 1);
    }

    @Override
    public String kind() {
        if (groups == inChannels && groups > 1 && outChannels == inChannels) {
            return "depthwise";
        }
        if (kernelH == 1 && kernelW == 1 && groups == 1) {
            return "pointwise";
        }
        return "conv";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        Layer.require(
                in.channels() == inChannels, "input has " + in.channels() + " channels, layer expects " + inChannels);
        return new Shape(
                outChannels,
                Layer.outSize(in.height(), kernelH, strideH, padH, dilationH),
                Layer.outSize(in.width(), kernelW, strideW, padW, dilationW));
    }

    @Override
    public int weightCount() {
        return outChannels * fanIn();
    }

    @Override
    public int biasCount() {
        return outChannels;
    }

    @Override
    public int fanIn() {
        return inChannels / groups * kernelH * kernelW;
    }

    @Override
    public GatherPlan plan(Shape in) {
        Shape out = outputShape(List.of(in));
        int fan = fanIn();
        int[] index = new int[out.spatial() * fan];
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                int s = oy * out.width() + ox;
                for (int ci = 0; ci < inChannels / groups; ci++) {
                    for (int ky = 0; ky < kernelH; ky++) {
                        for (int kx = 0; kx < kernelW; kx++) {
                            int iy = oy * strideH + ky * dilationH - padH;
                            int ix = ox * strideW + kx * dilationW - padW;
                            int j = (ci * kernelH + ky) * kernelW + kx;
                            boolean inside = iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width();
                            index[s * fan + j] = inside ? (ci * in.height() + iy) * in.width() + ix : -1;
                        }
                    }
                }
            }
        }
        return new GatherPlan(in, out, groups, fan, index);
    }
}
