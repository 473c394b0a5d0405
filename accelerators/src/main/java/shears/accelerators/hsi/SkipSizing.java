package shears.accelerators.hsi;

import shears.models.nn.Concat;
import shears.models.nn.Conv;
import shears.models.nn.ConvTranspose;
import shears.models.nn.Layer;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.nn.Pool;

/**
 * The skip-FIFO sizing rule. A concatenation consumes skip row y together with up-path row y, and the
 * up path can only produce row y once the subnetwork below has read the skip's source up to row
 * A(y): each "same" K x K convolution needs K/2 rows beyond its output row, a 2x2 max-pool rows 2y and
 * 2y+1, a 2x2/s2 transposed convolution row y/2. The row lag L = max over y of A(y) − y, followed
 * through the graph exactly: a FIFO of L + 1 rows never deadlocks. At full rate the up path is also
 * late by its own processing ({@link #delay}, D rows), so the skip FIFO holds
 * depth = (L + D + 2) x width pixels (each pixel all channels).
 */
public final class SkipSizing {
    private SkipSizing() {}

    /** Skip-FIFO depth in pixels for concatenation node {@code cat} (input 1 is the skip). */
    public static int depth(Network net, int cat) {
        return (lag(net, cat) + delay(net, cat) + 2) * net.inputShapeOf(cat, 1).width();
    }

    /**
     * Rows of the level the up path spends in its own processing: a pipeline folded to one frame rate
     * takes a stage's row time to turn one of its rows round, so each weighted stage between the skip's
     * source and the concatenation adds its input's row time in the concatenation's rows (1 at the
     * same level, 2 one level down, ...).
     */
    public static int delay(Network net, int cat) {
        int skip = net.nodes().get(cat).inputs().get(1);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        todo.add(net.nodes().get(cat).inputs().get(0));
        int h = net.inputShapeOf(cat, 1).height();
        int rows = 0;
        while (!todo.isEmpty()) {
            int n = todo.pop();
            if (n == skip || n == Node.NETWORK_INPUT || !seen.add(n)) {
                continue;
            }
            Layer layer = net.nodes().get(n).layer();
            if (layer instanceof Conv || layer instanceof ConvTranspose) {
                rows += h / net.inputShapeOf(n, 0).height();
            }
            todo.addAll(net.nodes().get(n).inputs());
        }
        return rows;
    }

    /** Row lag of the up path behind the skip at concatenation node {@code cat}. */
    public static int lag(Network net, int cat) {
        Node node = net.nodes().get(cat);
        if (!(node.layer() instanceof Concat)) {
            throw new IllegalArgumentException("node '" + node.name() + "' is not a concatenation");
        }
        int up = node.inputs().get(0);
        int skip = node.inputs().get(1);
        int h = net.inputShapeOf(cat, 1).height();
        int lag = 0;
        for (int y = 0; y < h; y++) {
            lag = Math.max(lag, need(net, up, y, skip) - y);
        }
        return lag;
    }

    /** The rule with its numbers, for messages. */
    public static String explain(Network net, int cat) {
        return "row lag " + lag(net, cat) + " + processing delay " + delay(net, cat) + " + 2 rows x width "
                + net.inputShapeOf(cat, 1).width();
    }

    /** Highest row of {@code target}'s output needed for row {@code y} of {@code node}'s, or -1 when it does not depend on it. */
    private static int need(Network net, int node, int y, int target) {
        if (node == target) {
            return y;
        }
        if (node == Node.NETWORK_INPUT) {
            return -1;
        }
        Node n = net.nodes().get(node);
        int best = -1;
        for (int j = 0; j < n.inputs().size(); j++) {
            int row = inputRow(n.layer(), y, net.inputShapeOf(node, j).height());
            best = Math.max(best, need(net, n.inputs().get(j), row, target));
        }
        return best;
    }

    private static int inputRow(Layer layer, int y, int inHeight) {
        int row;
        if (layer instanceof Conv c) {
            row = y + c.padH();
        } else if (layer instanceof Pool) {
            row = 2 * y + 1;
        } else if (layer instanceof ConvTranspose) {
            row = y / 2;
        } else {
            row = y;
        }
        return Math.min(row, inHeight - 1);
    }
}
