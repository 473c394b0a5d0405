package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/** Channel concatenation of two tensors of the same height and width (a U-Net's skip connection): first's channels, then second's. */
public record Concat() implements Layer {
    @Override
    public String kind() {
        return "concat";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape a = inputs.get(0);
        Shape b = inputs.get(1);
        Layer.require(
                a.height() == b.height() && a.width() == b.width(),
                "concat inputs differ in height or width: " + a + " vs " + b);
        return new Shape(a.channels() + b.channels(), a.height(), a.width());
    }
}
