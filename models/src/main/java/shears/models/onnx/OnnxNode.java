package shears.models.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One graph node as the file states it. Attribute getters check the kind and name the node in
 * their errors; {@link #allowOnly} refuses attributes an operator mapping does not understand.
 * Empty input names (ONNX's "optional input left out") are kept as empty strings.
 */
public record OnnxNode(
        String name,
        String opType,
        String domain,
        List<String> inputs,
        List<String> outputs,
        Map<String, OnnxAttribute> attributes) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** "node 'conv1' (Conv)", the prefix of every error about this node. */
    public String label() {
        return "node '" + name + "' (" + opType + ")";
    }

    public OnnxException error(String problem) {
        return new OnnxException(label() + ": " + problem);
    }

    /** Input {@code k}, or "" when absent. */
    public String input(int k) {
        return k < inputs.size() ? inputs.get(k) : "";
    }

    public void allowOnly(String... names) {
        Set<String> unknown = new TreeSet<>(attributes.keySet());
        unknown.removeAll(Arrays.asList(names));
        if (!unknown.isEmpty()) {
            throw error(
                    "attribute" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + " not supported");
        }
    }

    public boolean has(String attribute) {
        return attributes.containsKey(attribute);
    }

    public long intAttr(String attribute, long fallback) {
        OnnxAttribute a = attribute(attribute, OnnxAttribute.Kind.INT);
        return a == null ? fallback : a.i();
    }

    public double floatAttr(String attribute, double fallback) {
        OnnxAttribute a = attribute(attribute, OnnxAttribute.Kind.FLOAT);
        return a == null ? fallback : a.f();
    }

    public String stringAttr(String attribute, String fallback) {
        OnnxAttribute a = attribute(attribute, OnnxAttribute.Kind.STRING);
        return a == null ? fallback : a.s();
    }

    public long[] intsAttr(String attribute, long[] fallback) {
        OnnxAttribute a = attribute(attribute, OnnxAttribute.Kind.INTS);
        return a == null ? fallback : a.ints();
    }

    public double[] floatsAttr(String attribute, double[] fallback) {
        OnnxAttribute a = attribute(attribute, OnnxAttribute.Kind.FLOATS);
        return a == null ? fallback : a.floats();
    }

    public OnnxTensor tensorAttr(String attribute) {
        OnnxAttribute a = attribute(attribute, OnnxAttribute.Kind.TENSOR);
        return a == null ? null : a.t();
    }

    private OnnxAttribute attribute(String attribute, OnnxAttribute.Kind kind) {
        OnnxAttribute a = attributes.get(attribute);
        if (a != null && a.kind() != kind) {
            throw error("attribute " + attribute + " is " + a.kind() + ", expected " + kind);
        }
        return a;
    }
}
