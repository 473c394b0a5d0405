package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/** Nearest-neighbour upsampling by integer factors. */
public record Upsample(int factorH, int factorW) implements Rearrange {
    public Upsample {
        Layer.require(factorH > 0 && factorW > 0, "upsample factors must be positive");
    }

    public static Upsample upsample1d(int factor) {
        return new Upsample(1, factor);
    }

    @Override
    public String kind() {
        return "upsample";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        return new Shape(in.channels(), in.height() * factorH, in.width() * factorW);
    }

    @Override
    public int source(Shape in, int o) {
        int w = in.width() * factorW;
        int h = in.height() * factorH;
        int c = o / (h * w);
        int y = o / w % h;
        int x = o % w;
        return (c * in.height() + y / factorH) * in.width() + x / factorW;
    }
}
