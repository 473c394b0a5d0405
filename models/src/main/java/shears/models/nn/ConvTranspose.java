package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/**
 * Transposed 2-D convolution (one-dimensional with {@code kernelH == 1}), the decoder's upsampler.
 * Output length {@code (in - 1) * stride - 2 * pad + kernel + outputPad}. Weights are stored
 * {@code [out][in][kh][kw]} so that every weighted layer shares one layout; PyTorch's
 * ConvTranspose1d stores {@code [in][out][k]}: swap the first two axes when importing.
 */
public record ConvTranspose(
        int inChannels,
        int outChannels,
        int kernelH,
        int kernelW,
        int strideH,
        int strideW,
        int padH,
        int padW,
        int outputPadH,
        int outputPadW)
        implements Layer {
    public ConvTranspose {
        Layer.require(inChannels > 0 && outChannels > 0, "transposed conv channels must be positive");
        Layer.require(
                kernelH > 0 && kernelW > 0 && strideH > 0 && strideW > 0,
                "transposed conv kernel and stride must be positive");
        Layer.require(
                padH >= 0 && padW >= 0 && outputPadH >= 0 && outputPadW >= 0,
                "transposed conv padding must not be negative");
        Layer.require(outputPadH < strideH && outputPadW < strideW, "output padding must be smaller than the stride");
    }

    public static ConvTranspose convTranspose1d(int in, int out, int kernel, int stride, int pad, int outputPad) {
        return new ConvTranspose(in, out, 1, kernel, 1, stride, 0, pad, 0, outputPad);
    }

    @Override
    public String kind() {
        return "conv-transpose";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        Layer.require(
                in.channels() == inChannels, "input has " + in.channels() + " channels, layer expects " + inChannels);
        int h = (in.height() - 1) * strideH - 2 * padH + kernelH + outputPadH;
        int w = (in.width() - 1) * strideW - 2 * padW + kernelW + outputPadW;
        Layer.require(h > 0 && w > 0, "transposed conv output would be empty");
        return new Shape(outChannels, h, w);
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
        return inChannels * kernelH * kernelW;
    }

    @Override
    public GatherPlan plan(Shape in) {
        Shape out = outputShape(List.of(in));
        int fan = fanIn();
        int[] index = new int[out.spatial() * fan];
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                int s = oy * out.width() + ox;
                for (int ci = 0; ci < inChannels; ci++) {
                    for (int ky = 0; ky < kernelH; ky++) {
                        for (int kx = 0; kx < kernelW; kx++) {
                            // output (oy, ox) receives input i when i * stride + k - pad == o
                            int ny = oy + padH - ky;
                            int nx = ox + padW - kx;
                            int j = (ci * kernelH + ky) * kernelW + kx;
                            int iy = Math.floorDiv(ny, strideH);
                            int ix = Math.floorDiv(nx, strideW);
                            boolean lands = ny % strideH == 0
                                    && nx % strideW == 0
                                    && ny >= 0
                                    && nx >= 0
                                    && iy < in.height()
                                    && ix < in.width();
                            index[s * fan + j] = lands ? (ci * in.height() + iy) * in.width() + ix : -1;
                        }
                    }
                }
            }
        }
        return new GatherPlan(in, out, 1, fan, index);
    }
}
