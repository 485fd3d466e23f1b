package io.hayate.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An ordered list of header fields; names compare case-insensitively. Not thread-safe.
 *
 * <p>{@link #add} and {@link #set} check what they are given: a name must be a token and a value must not hold CR,
 * LF or NUL, so a header taken from user input cannot split a response.
 */
public final class Headers {
    private String[] names;
    private String[] values;
    private int size;

    public Headers() {
        this(8);
    }

    Headers(int capacity) {
        names = new String[capacity];
        values = new String[capacity];
    }

    /** Number of fields. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Name of field {@code i}, as received or added. */
    public String name(int i) {
        check(i);
        return names[i];
    }

    /** Value of field {@code i}. */
    public String value(int i) {
        check(i);
        return values[i];
    }

    /** The first value of {@code name}, or {@code null}. */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order. */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                out.add(values[i]);
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** How many fields are called {@code name}. */
    public int count(String name) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether a field called {@code name} lists {@code token}: read as a comma-separated list (RFC 9110 §5.6.1), one of
     * its elements equals {@code token} ignoring case, the optional whitespace around it aside. Reads the values in
     * place, with no list or substring made.
     */
    public boolean containsToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name) && listHas(values[i], token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listHas(String value, String token) {
        for (int start = 0, end; start <= value.length(); start = end + 1) {
            end = FieldLists.end(value, start);
            int from = FieldLists.skipOws(value, start, end);
            if (FieldLists.is(value, from, FieldLists.trimOws(value, from, end), token)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a field after the others. */
    public Headers add(String name, String value) {
        validateName(name);
        validateValue(name, value);
        addUnchecked(name, value);
        return this;
    }

    /** Replaces every field called {@code name} with one field. */
    public Headers set(String name, String value) {
        validateName(name);
        validateValue(name, value);
        remove(name);
        addUnchecked(name, value);
        return this;
    }

    /** Removes every field called {@code name}; returns whether one was there. */
    public boolean remove(String name) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (!names[r].equalsIgnoreCase(name)) {
                names[w] = names[r];
                values[w] = values[r];
                w++;
            }
        }
        boolean removed = w != size;
        Arrays.fill(names, w, size, null);
        Arrays.fill(values, w, size, null);
        size = w;
        return removed;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(names[i], values[i]);
        }
    }

    /** For the parser, which has validated both already. */
    void addUnchecked(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("header index " + i + " of " + size);
        }
    }

    static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 127 || !Chars.isTchar((byte) c)) {
                throw new IllegalArgumentException("header name '" + name + "' has an invalid character at " + i + ": names are RFC 9110 tokens");
            }
        }
    }

    static void validateValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header '" + name + "' must not have a null value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 255) {
                throw new IllegalArgumentException("header '" + name + "' has an invalid character at " + i
                        + " (CR, LF, NUL and non-Latin-1 characters would corrupt the message)");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(values[i]);
        }
        return sb.append('}').toString();
    }
}
