package shears.models.io;

import java.util.LinkedHashMap;
import java.util.Map;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.quant.QuantizedNetwork;

/**
 * What a model directory holds: named networks (e.g. "encoder", "decoder"), optional masks and
 * integer forms per network, and string metadata (e.g. the DS-CAE configuration).
 */
public record ModelBundle(
        Map<String, Network> networks,
        Map<String, Masks> masks,
        Map<String, QuantizedNetwork> quantized,
        Map<String, String> metadata) {
    public ModelBundle {
        networks = Map.copyOf(new LinkedHashMap<>(networks));
        masks = Map.copyOf(masks);
        quantized = Map.copyOf(quantized);
        metadata = Map.copyOf(metadata);
        for (String name : networks.keySet()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                throw new IllegalArgumentException("bad network name '" + name + "'");
            }
        }
        for (var e : quantized.entrySet()) {
            if (networks.get(e.getKey()) != e.getValue().network()) {
                throw new IllegalArgumentException(
                        "quantised network '" + e.getKey() + "' does not belong to the bundle's network");
            }
        }
    }

    public Network network(String name) {
        Network n = networks.get(name);
        if (n == null) {
            throw new IllegalArgumentException("model has no network '" + name + "' (has " + networks.keySet() + ")");
        }
        return n;
    }
}
