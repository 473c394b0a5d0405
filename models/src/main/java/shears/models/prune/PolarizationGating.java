package shears.models.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import shears.models.nn.ChannelScale;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.train.Regularizer;

/**
 * One-pass channel gating with the polarisation regulariser (Zhuang et al., NeurIPS 2020): a gate
 * gamma in [0, 1] after every prunable layer but the output one, trained once with
 * {@code lambda * sum_layers (t * |gamma|_1 - |gamma - mean(gamma)|_1)}, which pushes gates to 0 or
 * to a common large value. Then per layer the round(sparsity x channels) lowest gates are pruned and
 * all gates are folded into the weights (the folded network is the fine-tuning starting point).
 */
public final class PolarizationGating implements PruningStrategy {
    private final FineTuner tuner;
    private final int epochs;
    private final double lambda;
    private final double t;

    public PolarizationGating(FineTuner tuner, int epochs, double lambda, double t) {
        if (epochs < 1 || !(lambda >= 0) || !(t > 0)) {
            throw new IllegalArgumentException("gating needs epochs >= 1, lambda >= 0, t > 0");
        }
        this.tuner = tuner;
        this.epochs = epochs;
        this.lambda = lambda;
        this.t = t;
    }

    @Override
    public String name() {
        return "gating";
    }

    @Override
    public PruneResult prune(PruneRequest request) {
        request.requireUniform(name());
        Network original = request.network();
        Network gated = withGates(original);
        tuner.train(gated, null, new Polarization(), epochs);
        Network folded = gated.foldChannelScales();
        double[][] scores = new double[folded.nodes().size()][];
        for (int i = 0; i < gated.nodes().size(); i++) {
            if (gated.nodes().get(i).layer() instanceof ChannelScale) {
                Node gatedNode = gated.nodes().get(gated.nodes().get(i).inputs().get(0));
                scores[folded.indexOf(gatedNode.name())] = gated.weights(i).clone();
            }
        }
        Masks masks = Structured.channelMasks(folded, scores, request.sparsity());
        folded.applyMasks(masks);
        return new PruneResult(
                name(),
                masks,
                Structured.channelCost(folded, masks, request.weightBits()),
                masks.sparsity(folded),
                Optional.of(folded),
                Map.of());
    }

    /** The network with a ChannelScale after every prunable node except the output node. */
    static Network withGates(Network net) {
        List<Node> nodes = new ArrayList<>();
        int[] remap = new int[net.nodes().size()];
        List<Integer> origin = new ArrayList<>();
        int last = net.nodes().size() - 1;
        List<Integer> prunable = net.prunableNodes();
        for (int i = 0; i < net.nodes().size(); i++) {
            Node n = net.nodes().get(i);
            List<Integer> ins = new ArrayList<>();
            for (int src : n.inputs()) {
                ins.add(src == Node.NETWORK_INPUT ? src : remap[src]);
            }
            nodes.add(new Node(n.name(), n.layer(), ins));
            origin.add(i);
            remap[i] = nodes.size() - 1;
            if (prunable.contains(i) && i != last) {
                nodes.add(new Node(
                        n.name() + "_gate", new ChannelScale(net.shape(i).channels()), List.of(nodes.size() - 1)));
                origin.add(-1);
                remap[i] = nodes.size() - 1;
            }
        }
        Network gated = new Network(net.inputShape(), nodes);
        for (int j = 0; j < nodes.size(); j++) {
            if (origin.get(j) >= 0) {
                System.arraycopy(net.weights(origin.get(j)), 0, gated.weights(j), 0, gated.weights(j).length);
                System.arraycopy(net.bias(origin.get(j)), 0, gated.bias(j), 0, gated.bias(j).length);
            }
        }
        return gated;
    }

    /** Gradient of the polarisation term on every gate; gates clamped to [0, 1] after each step. */
    private final class Polarization implements Regularizer {
        @Override
        public double addGradients(int stage, Network network, double[][] gradW, double[][] gradB) {
            if (stage != 0) {
                return 0;
            }
            double value = 0;
            for (int i = 0; i < network.nodes().size(); i++) {
                if (!(network.nodes().get(i).layer() instanceof ChannelScale)) {
                    continue;
                }
                double[] g = network.weights(i);
                double mean = 0;
                for (double v : g) {
                    mean += v / g.length;
                }
                double signSum = 0;
                for (double v : g) {
                    signSum += Math.signum(v - mean);
                }
                for (int c = 0; c < g.length; c++) {
                    // d/dg_c of t|g|_1 - sum_j |g_j - mean|, mean depending on g_c
                    gradW[i][c] += lambda * (t * Math.signum(g[c]) - (Math.signum(g[c] - mean) - signSum / g.length));
                    value += lambda * (t * Math.abs(g[c]) - Math.abs(g[c] - mean));
                }
            }
            return value;
        }

        @Override
        public void afterStep(int stage, Network network) {
            for (int i = 0; i < network.nodes().size(); i++) {
                if (network.nodes().get(i).layer() instanceof ChannelScale) {
                    double[] g = network.weights(i);
                    for (int c = 0; c < g.length; c++) {
                        g[c] = Math.max(0, Math.min(1, g[c]));
                    }
                }
            }
        }
    }
}
