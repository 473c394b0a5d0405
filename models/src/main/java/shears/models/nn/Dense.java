package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/** Fully connected layer over the flattened input. Weights {@code [out][in]}, bias {@code [out]}. */
public record Dense(int inFeatures, int outFeatures) implements Layer {
    public Dense {
        Layer.require(inFeatures > 0 && outFeatures > 0, "dense features must be positive");
    }

    @Override
    public String kind() {
        return "dense";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Layer.require(
                inputs.get(0).size() == inFeatures,
                "input has " + inputs.get(0).size() + " values, layer expects " + inFeatures);
        return Shape.vector(outFeatures);
    }

    @Override
    public int weightCount() {
        return outFeatures * inFeatures;
    }

    @Override
    public int biasCount() {
        return outFeatures;
    }

    @Override
    public int fanIn() {
        return inFeatures;
    }

    @Override
    public GatherPlan plan(Shape in) {
        int[] index = new int[inFeatures];
        for (int j = 0; j < inFeatures; j++) {
            index[j] = j;
        }
        // a dense layer is a 1x1 "convolution" over one position reading the whole flat input
        return new GatherPlan(new Shape(1, 1, inFeatures), Shape.vector(outFeatures), 1, inFeatures, index);
    }
}
