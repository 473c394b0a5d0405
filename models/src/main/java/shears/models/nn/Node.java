package shears.models.nn;

import java.util.List;

/**
 * One layer application. {@code inputs} are indices of earlier nodes; {@link #NETWORK_INPUT} is the
 * network's input.
 */
public record Node(String name, Layer layer, List<Integer> inputs) {
    public static final int NETWORK_INPUT = -1;

    public Node {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException(
                    "bad node name '" + name + "' (letters, digits, _ . -; not starting with a digit)");
        }
        inputs = List.copyOf(inputs);
        if (inputs.size() != layer.arity()) {
            throw new IllegalArgumentException("node '" + name + "' (" + layer.kind() + ") needs " + layer.arity()
                    + " inputs, got " + inputs.size());
        }
    }
}
