package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/**
 * A new shape for the same values in the same order (flatten, view): a layout change that copies
 * element {@code o} to {@code o}. It exists so that imported graphs keep their shapes; it costs
 * nothing in hardware.
 */
public record Reshape(Shape to) implements Rearrange {
    public Reshape {
        Layer.require(to != null, "reshape target missing");
    }

    @Override
    public String kind() {
        return "reshape";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Layer.require(
                inputs.get(0).size() == to.size(),
                "input " + inputs.get(0) + " has " + inputs.get(0).size() + " values, the target " + to + " holds "
                        + to.size());
        return to;
    }

    @Override
    public int source(Shape in, int o) {
        return o;
    }
}
