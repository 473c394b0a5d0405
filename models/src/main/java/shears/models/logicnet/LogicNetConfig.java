package shears.models.logicnet;

/**
 * A layered logic network: {@code inputs} Boolean inputs, layers of {@code widths[l]} two-input
 * neurons, the last layer split into {@code classes} equal groups summed by GroupSum with
 * temperature {@code tau}. {@code candidates} is the learned-interconnect fan-in choice per
 * neuron input (1 = fixed random wiring, as difflogic).
 */
public record LogicNetConfig(int inputs, int[] widths, int classes, double tau, int candidates, long seed) {
    public LogicNetConfig {
        if (inputs < 1 || widths.length < 1 || classes < 1) {
            throw new IllegalArgumentException("a logic network needs inputs, at least one layer and a class");
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("layer widths must be positive");
            }
        }
        if (widths[widths.length - 1] % classes != 0) {
            throw new IllegalArgumentException("last layer width " + widths[widths.length - 1]
                    + " is not a multiple of the " + classes + " classes");
        }
        if (!(tau > 0) || candidates < 1 || candidates > 64) {
            throw new IllegalArgumentException("tau must be positive and candidates 1..64");
        }
        widths = widths.clone();
    }

    public int layers() {
        return widths.length;
    }

    public int inWidth(int layer) {
        return layer == 0 ? inputs : widths[layer - 1];
    }

    public boolean learnedInterconnect() {
        return candidates > 1;
    }

    /** Parameters per neuron: 16 gate logits plus 2 x candidates interconnect logits when learned. */
    public int parametersPerNeuron() {
        return Gates.COUNT + (learnedInterconnect() ? 2 * candidates : 0);
    }
}
