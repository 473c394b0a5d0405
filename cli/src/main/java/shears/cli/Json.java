package shears.cli;

import com.google.gson.GsonBuilder;

import java.util.Map;

/** Machine-readable output: pretty JSON of maps, lists and numbers, keys in insertion order. */
final class Json {
    private Json() {
    }

    static String of(Map<String, ?> value) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues()
                .create().toJson(value);
    }
}
