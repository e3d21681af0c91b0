package io.scx4j.core.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JSON as rt-app reads it (json-c in non-strict mode, after the {@code workgen} pre-pass): {@code /* *}{@code /} and
 * {@code //} comments, trailing commas, duplicate keys (all kept, in file order), and a key with no value
 * ({@code "suspend",}, found in rt-app's {@code doc/examples/video-*.json}), which reads as {@link JMissing}.
 * Every value keeps its 1-based line and column so errors can point at it.
 *
 * <p>Tokens come from Jackson's streaming {@link JsonParser} with {@code ALLOW_JAVA_COMMENTS} and
 * {@code ALLOW_TRAILING_COMMA}; objects are built from the token stream here, which is what keeps duplicate keys.
 * A key with no value is not JSON at all, so a small pre-pass finds such keys and inserts {@code :null} after them;
 * the positions are mapped back to the original text.
 */
final class LenientJson {

    /** A parsed value with its position in the original text. */
    sealed interface JValue {
        int line();

        int column();

        /** "an object", "a string", ... for error messages. */
        String kind();
    }

    /** One {@code "key": value} pair of an object. */
    record JMember(String key, int line, int column, JValue value) {}

    record JObject(List<JMember> members, int line, int column) implements JValue {
        public String kind() {
            return "an object";
        }
    }

    record JArray(List<JValue> items, int line, int column) implements JValue {
        public String kind() {
            return "an array";
        }
    }

    record JString(String value, int line, int column) implements JValue {
        public String kind() {
            return "a string";
        }
    }

    /** A number; {@code integral} when it has no fraction or exponent. */
    record JNumber(String text, boolean integral, int line, int column) implements JValue {
        public String kind() {
            return integral ? "an integer" : "a number";
        }
    }

    record JBool(boolean value, int line, int column) implements JValue {
        public String kind() {
            return "a boolean";
        }
    }

    record JNull(int line, int column) implements JValue {
        public String kind() {
            return "null";
        }
    }

    /** The value of a key written with no value ({@code "suspend",}). */
    record JMissing(int line, int column) implements JValue {
        public String kind() {
            return "no value";
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private static final String INSERTED = ":null";

    private final String source;
    private final String original;
    private final int[] lineStarts;
    /** Offsets (in the patched text) where {@link #INSERTED} was inserted, ascending. */
    private final int[] insertions;

    private LenientJson(String source, String original, int[] insertions) {
        this.source = source;
        this.original = original;
        this.insertions = insertions;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < original.length(); i++) {
            if (original.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Parses {@code text}; {@code source} names it in errors. */
    static JValue parse(String source, String text) {
        int[] bare = bareKeyEnds(text);
        StringBuilder patched = new StringBuilder(text.length() + bare.length * INSERTED.length());
        int[] insertedAt = new int[bare.length];
        int from = 0;
        for (int i = 0; i < bare.length; i++) {
            patched.append(text, from, bare[i]);
            insertedAt[i] = patched.length();
            patched.append(INSERTED);
            from = bare[i];
        }
        patched.append(text, from, text.length());
        LenientJson json = new LenientJson(source, text, insertedAt);
        try (JsonParser p = FACTORY.createParser(patched.toString())) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw json.error(1, 1, "the file is empty (expected a JSON object)");
            }
            JValue v = json.value(p, t);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                int[] lc = json.position(p.currentTokenLocation());
                throw json.error(lc[0], lc[1], "unexpected content after the top-level value");
            }
            return v;
        } catch (JsonParseException e) {
            int[] lc = json.position(e.getLocation());
            throw json.error(lc[0], lc[1], "not JSON (even with rt-app's comments, trailing commas and duplicate keys): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw json.error(0, 0, "cannot read: " + e.getMessage());
        }
    }

    private WorkloadFormatException error(int line, int column, String what) {
        return new WorkloadFormatException(source, line, column, null, what);
    }

    private JValue value(JsonParser p, JsonToken t) throws IOException {
        int[] lc = position(p.currentTokenLocation());
        int line = lc[0];
        int col = lc[1];
        switch (t) {
            case START_OBJECT -> {
                List<JMember> members = new ArrayList<>();
                JsonToken k;
                while ((k = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (k != JsonToken.FIELD_NAME) {
                        throw error(line, col, "expected a key, found " + k);
                    }
                    String key = p.currentName();
                    int[] klc = position(p.currentTokenLocation());
                    JsonToken vt = p.nextToken();
                    JValue v = vt == JsonToken.VALUE_NULL && isInserted(p.currentTokenLocation())
                            ? new JMissing(klc[0], klc[1])
                            : value(p, vt);
                    members.add(new JMember(key, klc[0], klc[1], v));
                }
                return new JObject(List.copyOf(members), line, col);
            }
            case START_ARRAY -> {
                List<JValue> items = new ArrayList<>();
                JsonToken it;
                while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, it));
                }
                return new JArray(List.copyOf(items), line, col);
            }
            case VALUE_STRING -> {
                return new JString(p.getText(), line, col);
            }
            case VALUE_NUMBER_INT -> {
                return new JNumber(p.getText(), true, line, col);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new JNumber(p.getText(), false, line, col);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new JBool(t == JsonToken.VALUE_TRUE, line, col);
            }
            case VALUE_NULL -> {
                return new JNull(line, col);
            }
            default -> throw error(line, col, "unexpected " + t);
        }
    }

    private boolean isInserted(JsonLocation loc) {
        long off = loc.getCharOffset();
        // the inserted ":null" puts the null literal one character after the insertion point
        return Arrays.binarySearch(insertions, (int) off - 1) >= 0;
    }

    /** Line and column in the original text of a location in the patched text. */
    private int[] position(JsonLocation loc) {
        long off = loc.getCharOffset();
        if (off < 0) {
            return new int[] {loc.getLineNr(), loc.getColumnNr()};
        }
        int shift = 0;
        for (int ins : insertions) {
            if (ins < off) {
                shift += Math.min(INSERTED.length(), (int) off - ins);
            }
        }
        int orig = (int) Math.min(original.length(), Math.max(0, off - shift));
        int lineIdx = Arrays.binarySearch(lineStarts, orig);
        if (lineIdx < 0) {
            lineIdx = -lineIdx - 2;
        }
        return new int[] {lineIdx + 1, orig - lineStarts[lineIdx] + 1};
    }

    /**
     * Offsets just after the closing quote of every object key that is followed by {@code ,} or <code>}</code> instead
     * of {@code :} (skipping whitespace and comments).
     */
    static int[] bareKeyEnds(String s) {
        List<Integer> out = new ArrayList<>();
        // stack of containers: true = object
        boolean[] stack = new boolean[256];
        int depth = 0;
        boolean expectKey = false;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                int end = s.indexOf('\n', i + 2);
                i = end < 0 ? n : end + 1;
                continue;
            }
            if (c == '"') {
                int j = i + 1;
                while (j < n && s.charAt(j) != '"') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(n, j + 1);
                if (depth > 0 && stack[depth - 1] && expectKey) {
                    int k = skipBlank(s, end);
                    if (k < n && (s.charAt(k) == ',' || s.charAt(k) == '}')) {
                        out.add(end);
                    }
                    expectKey = false;
                }
                i = end;
                continue;
            }
            switch (c) {
                case '{', '[' -> {
                    if (depth == stack.length) {
                        stack = Arrays.copyOf(stack, depth * 2);
                    }
                    stack[depth++] = c == '{';
                    expectKey = c == '{';
                }
                case '}', ']' -> {
                    depth = Math.max(0, depth - 1);
                    expectKey = false;
                }
                case ',' -> expectKey = depth > 0 && stack[depth - 1];
                case ':' -> expectKey = false;
                default -> {
                    // other characters do not change the key/value state
                }
            }
            i++;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int skipBlank(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                int end = s.indexOf('\n', i + 2);
                i = end < 0 ? n : end + 1;
            } else {
                return i;
            }
        }
        return n;
    }
}
