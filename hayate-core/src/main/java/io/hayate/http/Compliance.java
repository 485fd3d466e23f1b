package io.hayate.http;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which tolerable {@link Violation}s a parser accepts instead of rejecting. Immutable.
 *
 * <p>{@link #STRICT} (the default) accepts none. {@link #parse(String)} reads a spec such as
 * {@code "STRICT,+LF_LINE_TERMINATOR"} from configuration.
 */
public record Compliance(Set<Violation> allowed) {
    /** Accept nothing the RFCs forbid. */
    public static final Compliance STRICT = new Compliance(EnumSet.noneOf(Violation.class));
    /** Accept the deviations that old or hand-written clients make and that cannot cause request smuggling. */
    public static final Compliance LENIENT = new Compliance(EnumSet.of(Violation.LF_LINE_TERMINATOR, Violation.DUPLICATE_CONTENT_LENGTH));

    public Compliance {
        for (Violation v : allowed) {
            if (!v.tolerable()) {
                throw new IllegalArgumentException(v + " cannot be tolerated: it is rejected in every compliance mode");
            }
        }
        allowed = Collections.unmodifiableSet(allowed.isEmpty() ? EnumSet.noneOf(Violation.class) : EnumSet.copyOf(allowed));
    }

    /** Whether {@code v} is accepted. */
    public boolean allows(Violation v) {
        return allowed.contains(v);
    }

    /** This mode plus {@code more}. */
    public Compliance with(Violation... more) {
        EnumSet<Violation> s = allowed.isEmpty() ? EnumSet.noneOf(Violation.class) : EnumSet.copyOf(allowed);
        s.addAll(Arrays.asList(more));
        return new Compliance(s);
    }

    /** This mode minus {@code less}. */
    public Compliance without(Violation... less) {
        EnumSet<Violation> s = allowed.isEmpty() ? EnumSet.noneOf(Violation.class) : EnumSet.copyOf(allowed);
        Arrays.asList(less).forEach(s::remove);
        return new Compliance(s);
    }

    /**
     * Parses {@code "STRICT"}, {@code "LENIENT"}, optionally followed by {@code ,+NAME} or {@code ,-NAME} items.
     *
     * @throws IllegalArgumentException naming the unknown mode or violation
     */
    public static Compliance parse(String spec) {
        String[] parts = spec.split(",");
        Compliance c = switch (parts[0].trim().toUpperCase(Locale.ROOT)) {
            case "STRICT" -> STRICT;
            case "LENIENT" -> LENIENT;
            default -> throw new IllegalArgumentException("unknown compliance mode '" + parts[0].trim() + "': use STRICT or LENIENT");
        };
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() < 2 || (p.charAt(0) != '+' && p.charAt(0) != '-')) {
                throw new IllegalArgumentException("compliance item '" + p + "' must be +NAME or -NAME");
            }
            Violation v;
            try {
                v = Violation.valueOf(p.substring(1).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown violation '" + p.substring(1) + "'; known: " + Arrays.toString(Violation.values()));
            }
            c = p.charAt(0) == '+' ? c.with(v) : c.without(v);
        }
        return c;
    }
}
