package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/** max(0, x). */
public record Relu() implements Layer {
    @Override
    public String kind() {
        return "relu";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return inputs.get(0);
    }
}
