package shears.models.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import shears.models.tensor.Gaussian;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

/**
 * A DAG of layers with its parameters. The structure (input shape, nodes, derived shapes and gather
 * plans) is fixed at construction and validated there; the parameter arrays are mutable so that
 * training can update them in place ({@link #copy()} for a snapshot). The last node is the output.
 */
public final class Network {
    private final Shape inputShape;
    private final List<Node> nodes;
    private final Shape[] shapes;
    private final GatherPlan[] plans;
    private final double[][] weights;
    private final double[][] biases;

    public Network(Shape inputShape, List<Node> nodes) {
        this.inputShape = inputShape;
        this.nodes = List.copyOf(nodes);
        if (this.nodes.isEmpty()) {
            throw new IllegalArgumentException("network has no layers");
        }
        int n = this.nodes.size();
        shapes = new Shape[n];
        plans = new GatherPlan[n];
        weights = new double[n][];
        biases = new double[n][];
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Node node = this.nodes.get(i);
            if (names.put(node.name(), i) != null) {
                throw new IllegalArgumentException("duplicate layer name '" + node.name() + "'");
            }
            List<Shape> in = new ArrayList<>();
            for (int src : node.inputs()) {
                if (src != Node.NETWORK_INPUT && (src < 0 || src >= i)) {
                    throw new IllegalArgumentException(
                            "layer '" + node.name() + "' reads node " + src + ", which is not an earlier layer");
                }
                in.add(src == Node.NETWORK_INPUT ? inputShape : shapes[src]);
            }
            try {
                shapes[i] = node.layer().outputShape(in);
                plans[i] = node.layer().plan(in.get(0));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "layer '" + node.name() + "' (" + node.layer().kind() + "): " + e.getMessage(), e);
            }
            weights[i] = new double[node.layer().weightCount()];
            biases[i] = new double[node.layer().biasCount()];
            if (node.layer() instanceof ChannelScale) {
                Arrays.fill(weights[i], 1.0);
            }
        }
    }

    public static Builder builder(Shape inputShape) {
        return new Builder(inputShape);
    }

    public Shape inputShape() {
        return inputShape;
    }

    public Shape outputShape() {
        return shapes[shapes.length - 1];
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Shape shape(int node) {
        return shapes[node];
    }

    public Shape inputShapeOf(int node, int input) {
        int src = nodes.get(node).inputs().get(input);
        return src == Node.NETWORK_INPUT ? inputShape : shapes[src];
    }

    public GatherPlan plan(int node) {
        return plans[node];
    }

    public double[] weights(int node) {
        return weights[node];
    }

    public double[] bias(int node) {
        return biases[node];
    }

    public int indexOf(String name) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no layer named '" + name + "'");
    }

    /** Nodes whose weights pruning acts on: convolutions, transposed convolutions and dense layers. */
    public List<Integer> prunableNodes() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Layer l = nodes.get(i).layer();
            if (l instanceof Conv || l instanceof ConvTranspose || l instanceof Dense) {
                out.add(i);
            }
        }
        return out;
    }

    public long parameterCount() {
        long n = 0;
        for (int i = 0; i < nodes.size(); i++) {
            n += weights[i].length + biases[i].length;
        }
        return n;
    }

    /** He-normal weights (std sqrt(2 / fanIn)), zero biases, from one seed. */
    public void initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < nodes.size(); i++) {
            Layer l = nodes.get(i).layer();
            if (l instanceof ChannelScale) {
                Arrays.fill(weights[i], 1.0);
                continue;
            }
            double std = Math.sqrt(2.0 / l.fanIn());
            for (int k = 0; k < weights[i].length; k++) {
                weights[i][k] = Gaussian.next(random) * std;
            }
            Arrays.fill(biases[i], 0.0);
        }
    }

    /**
     * The same layers and parameters for another input shape (a fully convolutional network applied to
     * a larger image); the layers must accept it.
     */
    public Network withInputShape(Shape shape) {
        Network c = new Network(shape, nodes);
        for (int i = 0; i < nodes.size(); i++) {
            System.arraycopy(weights[i], 0, c.weights[i], 0, weights[i].length);
            System.arraycopy(biases[i], 0, c.biases[i], 0, biases[i].length);
        }
        return c;
    }

    /** Deep copy of structure and parameters. */
    public Network copy() {
        Network c = new Network(inputShape, nodes);
        c.copyParametersFrom(this);
        return c;
    }

    public void copyParametersFrom(Network other) {
        if (!other.nodes.equals(nodes) || !other.inputShape.equals(inputShape)) {
            throw new IllegalArgumentException("networks differ in structure");
        }
        for (int i = 0; i < nodes.size(); i++) {
            System.arraycopy(other.weights[i], 0, weights[i], 0, weights[i].length);
            System.arraycopy(other.biases[i], 0, biases[i], 0, biases[i].length);
        }
    }

    /** Zeroes every parameter the masks prune. */
    public void applyMasks(Masks masks) {
        if (masks.weightKeep().length != nodes.size()) {
            throw new IllegalArgumentException(
                    "masks cover " + masks.weightKeep().length + " layers, network has " + nodes.size());
        }
        for (int i = 0; i < nodes.size(); i++) {
            zeroPruned(weights[i], masks.weightKeep()[i]);
            zeroPruned(biases[i], masks.biasKeep()[i]);
        }
    }

    private static void zeroPruned(double[] values, boolean[] keep) {
        if (keep == null) {
            return;
        }
        if (keep.length != values.length) {
            throw new IllegalArgumentException(
                    "mask has " + keep.length + " entries for " + values.length + " parameters");
        }
        for (int k = 0; k < values.length; k++) {
            if (!keep[k]) {
                values[k] = 0.0;
            }
        }
    }

    /** Output for one input sample. */
    public Tensor forward(Tensor input) {
        Tensor[] acts = forwardAll(input);
        return acts[acts.length - 1];
    }

    /** Every node's output for one input sample (kept for back-propagation). */
    public Tensor[] forwardAll(Tensor input) {
        return forwardAll(input, (t, i) -> {});
    }

    /**
     * Every node's output, with {@code afterNode} applied to each output in place before later nodes
     * read it (fake quantisation of imported quantised models).
     */
    public Tensor[] forwardAll(Tensor input, java.util.function.ObjIntConsumer<Tensor> afterNode) {
        if (!input.shape().equals(inputShape)) {
            throw new IllegalArgumentException(
                    "input shape " + input.shape() + " does not match the network's " + inputShape);
        }
        Tensor[] acts = new Tensor[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            acts[i] = new Tensor(shapes[i]);
            Kernels.forward(this, i, inputsOf(i, input, acts), acts[i]);
            afterNode.accept(acts[i], i);
        }
        return acts;
    }

    /**
     * Back-propagates {@code gradOutput} (d loss / d output) through the activations of
     * {@link #forwardAll}, accumulating parameter gradients into {@code gradW}/{@code gradB}, and
     * returns d loss / d input (so networks can be chained, e.g. encoder then decoder).
     */
    public double[] backward(Tensor input, Tensor[] acts, Tensor gradOutput, double[][] gradW, double[][] gradB) {
        return backward(input, acts, gradOutput, gradW, gradB, true);
    }

    /** As above; with {@code inputGradient} false the input gradient is not computed (returns null). */
    public double[] backward(
            Tensor input, Tensor[] acts, Tensor gradOutput, double[][] gradW, double[][] gradB, boolean inputGradient) {
        int n = nodes.size();
        double[][] grads = new double[n][];
        double[] gradInput = inputGradient ? new double[inputShape.size()] : null;
        grads[n - 1] = gradOutput.data();
        for (int i = n - 1; i >= 0; i--) {
            if (grads[i] == null) {
                continue; // node does not reach the output
            }
            Tensor[] in = inputsOf(i, input, acts);
            double[][] gradIn = new double[in.length][];
            for (int k = 0; k < in.length; k++) {
                int src = nodes.get(i).inputs().get(k);
                if (src == Node.NETWORK_INPUT) {
                    // no input gradient wanted: direct 1-D kernels skip it (null), others write to scratch
                    gradIn[k] = gradInput != null
                            ? gradInput
                            : Direct1d.applies(nodes.get(i).layer(), inputShape)
                                            || Direct2d.applies(nodes.get(i).layer(), inputShape)
                                    ? null
                                    : new double[inputShape.size()];
                } else {
                    if (grads[src] == null) {
                        grads[src] = new double[shapes[src].size()];
                    }
                    gradIn[k] = grads[src];
                }
            }
            Kernels.backward(this, i, in, acts[i], grads[i], gradIn, gradW[i], gradB[i]);
        }
        return gradInput;
    }

    private Tensor[] inputsOf(int node, Tensor input, Tensor[] acts) {
        List<Integer> srcs = nodes.get(node).inputs();
        Tensor[] in = new Tensor[srcs.size()];
        for (int k = 0; k < in.length; k++) {
            in[k] = srcs.get(k) == Node.NETWORK_INPUT ? input : acts[srcs.get(k)];
        }
        return in;
    }

    /** Zero-filled gradient buffers shaped like the weights and biases. */
    public double[][][] newGradients() {
        double[][] gw = new double[nodes.size()][];
        double[][] gb = new double[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            gw[i] = new double[weights[i].length];
            gb[i] = new double[biases[i].length];
        }
        return new double[][][] {gw, gb};
    }

    /**
     * A copy without channel gates: each {@link ChannelScale} is multiplied into the weights and
     * bias of the weighted layer feeding it (which must feed nothing else).
     */
    public Network foldChannelScales() {
        List<Node> kept = new ArrayList<>();
        int[] remap = new int[nodes.size()];
        List<double[]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node.layer() instanceof ChannelScale) {
                int src = node.inputs().get(0);
                if (src == Node.NETWORK_INPUT
                        || plans[src] == null
                        || nodes.get(src).layer() instanceof Pool
                        || consumers(src) != 1) {
                    throw new IllegalArgumentException(
                            "channel gate '" + node.name() + "' must directly follow a weighted layer used only by it");
                }
                int target = remap[src];
                double[] tw = w.get(target);
                double[] tb = b.get(target);
                int fan = plans[src].fanIn();
                for (int o = 0; o < shapes[src].channels(); o++) {
                    double g = weights[i][o];
                    for (int j = 0; j < fan; j++) {
                        tw[o * fan + j] *= g;
                    }
                    tb[o] *= g;
                }
                remap[i] = target;
                continue;
            }
            List<Integer> ins = new ArrayList<>();
            for (int src : node.inputs()) {
                ins.add(src == Node.NETWORK_INPUT ? src : remap[src]);
            }
            remap[i] = kept.size();
            kept.add(new Node(node.name(), node.layer(), ins));
            w.add(weights[i].clone());
            b.add(biases[i].clone());
        }
        Network out = new Network(inputShape, kept);
        for (int i = 0; i < kept.size(); i++) {
            out.weights[i] = w.get(i);
            out.biases[i] = b.get(i);
        }
        return out;
    }

    private int consumers(int node) {
        int c = 0;
        for (Node n : nodes) {
            for (int src : n.inputs()) {
                if (src == node) {
                    c++;
                }
            }
        }
        return c;
    }

    /** Adds nodes by name; each layer reads the previous node unless inputs are named. */
    public static final class Builder {
        private final Shape inputShape;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Integer> names = new HashMap<>();

        private Builder(Shape inputShape) {
            this.inputShape = inputShape;
        }

        /** Adds {@code layer} reading the named nodes ("input" is the network input), or the previous node. */
        public String add(String name, Layer layer, String... inputs) {
            List<Integer> srcs = new ArrayList<>();
            if (inputs.length == 0) {
                srcs.add(nodes.isEmpty() ? Node.NETWORK_INPUT : nodes.size() - 1);
            }
            for (String in : inputs) {
                if (in.equals("input")) {
                    srcs.add(Node.NETWORK_INPUT);
                } else if (names.containsKey(in)) {
                    srcs.add(names.get(in));
                } else {
                    throw new IllegalArgumentException("layer '" + name + "' reads unknown layer '" + in + "'");
                }
            }
            names.put(name, nodes.size());
            nodes.add(new Node(name, layer, srcs));
            return name;
        }

        public Network build() {
            return new Network(inputShape, nodes);
        }
    }
}
