package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/** Residual addition of two tensors of the same shape. */
public record Add() implements Layer {
    @Override
    public String kind() {
        return "add";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Layer.require(
                inputs.get(0).equals(inputs.get(1)),
                "add inputs differ in shape: " + inputs.get(0) + " vs " + inputs.get(1));
        return inputs.get(0);
    }
}
