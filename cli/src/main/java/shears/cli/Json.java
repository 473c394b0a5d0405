package shears.cli;

import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Machine-readable output: pretty JSON of maps, lists and numbers. Keys come in insertion order where
 * the map keeps one (LinkedHashMap, TreeMap); maps without an order (Map.of, HashMap, whose order
 * changes from one JVM run to the next) are written with sorted keys, so the same result always
 * gives the same bytes.
 */
final class Json {
    private Json() {}

    static String of(Map<String, ?> value) {
        return new GsonBuilder()
                .setPrettyPrinting()
                .disableHtmlEscaping()
                .serializeSpecialFloatingPointValues()
                .create()
                .toJson(ordered(value));
    }

    private static Object ordered(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = m instanceof LinkedHashMap<?, ?> || m instanceof SortedMap<?, ?>
                    ? new LinkedHashMap<>()
                    : new TreeMap<>();
            m.forEach((k, x) -> out.put(k, ordered(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Json::ordered).toList();
        }
        return v;
    }
}
