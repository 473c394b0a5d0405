package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/**
 * Depth-to-space (pixel shuffle): {@code [C * b * b, H, W]} to {@code [C, H * b, W * b]}. {@code CRD}
 * takes input channel {@code c * b * b + dy * b + dx} (PyTorch's PixelShuffle); {@code DCR} takes
 * {@code (dy * b + dx) * C + c} (ONNX's default mode).
 */
public record DepthToSpace(int block, Mode mode) implements Rearrange {
    public enum Mode {
        DCR,
        CRD
    }

    public DepthToSpace {
        Layer.require(block > 1, "depth-to-space block must be at least 2, got " + block);
        Layer.require(mode != null, "depth-to-space mode missing");
    }

    @Override
    public String kind() {
        return "depth-to-space";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        Layer.require(
                in.channels() % (block * block) == 0,
                "input has " + in.channels() + " channels, not a multiple of block^2 = " + block * block);
        return new Shape(in.channels() / (block * block), in.height() * block, in.width() * block);
    }

    @Override
    public int source(Shape in, int o) {
        int channels = in.channels() / (block * block);
        int w = in.width() * block;
        int h = in.height() * block;
        int c = o / (h * w);
        int y = o / w % h;
        int x = o % w;
        int sub = (y % block) * block + x % block;
        int ic = mode == Mode.CRD ? c * block * block + sub : sub * channels + c;
        return (ic * in.height() + y / block) * in.width() + x / block;
    }
}
