package io.envsaga.orchestrator.saga;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.SpecMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Specs already parsed, by their stored JSON text: every step answer reads the environment's row,
 * and parsing its spec (up to 256 KiB) again each time was the saga store's largest cost after the
 * queries. Comparing the text is far cheaper than parsing it; a changed spec is a different text, so
 * nothing stale is returned, whoever wrote the row (another replica included). Least recently used
 * specs go first once the texts held pass {@code maxChars}. Specs are values: nobody changes one
 * after parsing, so one object serves every reader.
 */
final class ParsedSpecs {

    private static final JsonMapper JSON = SpecMapper.json();

    private final long maxChars;
    private final LinkedHashMap<String, Environment> byText = new LinkedHashMap<>(64, 0.75f, true);
    private long chars;

    ParsedSpecs(long maxChars) {
        this.maxChars = maxChars;
    }

    Environment parse(String text) {
        if (text == null) {
            return null;
        }
        synchronized (this) {
            Environment known = byText.get(text);
            if (known != null) {
                return known;
            }
        }
        Environment parsed = JSON.readValue(text, Environment.class); // outside the lock: parsing is the slow part
        remember(text, parsed);
        return parsed;
    }

    /** Keeps a spec just written as {@code text}, so that reading it back parses nothing; returns the text. */
    String remember(String text, Environment parsed) {
        synchronized (this) {
            if (byText.put(text, parsed) == null) {
                chars += text.length();
            }
            Iterator<Map.Entry<String, Environment>> oldest = byText.entrySet().iterator();
            while (chars > maxChars && oldest.hasNext()) {
                chars -= oldest.next().getKey().length();
                oldest.remove();
            }
        }
        return text;
    }

    synchronized int size() {
        return byText.size();
    }
}
