package io.hayate.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a method and a decoded path to a handler, with Bottle's rules: static routes are checked before dynamic ones,
 * dynamic ones in the order they were added; {@code {name}} matches one whole non-empty segment; {@code GET} also
 * serves {@code HEAD}; a path that exists for other methods is answered 405 with {@code Allow}; {@code OPTIONS}
 * without a route of its own is answered 204 with {@code Allow}.
 *
 * <p>Built before the server starts, then only read, so it is safe from any thread.
 */
final class Router {
    /** The outcome of a lookup: a handler, or the status to answer with (404/405/204) and its {@code Allow}. */
    record Match(Handler handler, Map<String, String> params, int status, String allow) {
        static final Match NOT_FOUND = new Match(null, Map.of(), 404, null);
    }

    private final Map<String, Map<String, Match>> statics = new HashMap<>();
    private final List<DynamicRoute> dynamics = new ArrayList<>();

    void add(String method, String pattern, Handler handler) {
        if (pattern == null || pattern.isEmpty() || pattern.charAt(0) != '/') {
            throw new IllegalArgumentException("a route path must start with '/', got '" + pattern + "'");
        }
        if (method == null || method.isEmpty() || !method.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("invalid method '" + method + "'");
        }
        java.util.Objects.requireNonNull(handler, "handler");
        if (!pattern.contains("{")) {
            Map<String, Match> byMethod = statics.computeIfAbsent(pattern, p -> new HashMap<>());
            if (byMethod.putIfAbsent(method, new Match(handler, Map.of(), 0, null)) != null) {
                throw new IllegalArgumentException("route " + method + " " + pattern + " is already defined");
            }
            return;
        }
        DynamicRoute route = DynamicRoute.compile(method, pattern, handler);
        for (DynamicRoute r : dynamics) {
            if (r.method.equals(method) && r.pattern.equals(pattern)) {
                throw new IllegalArgumentException("route " + method + " " + pattern + " is already defined");
            }
        }
        dynamics.add(route);
    }

    Match match(String method, String path) {
        Map<String, Match> byMethod = statics.get(path);
        if (byMethod != null) {
            Match m = byMethod.get(method);
            if (m != null) {
                return m;
            }
            if (method.equals("HEAD") && (m = byMethod.get("GET")) != null) {
                return m;
            }
        }
        Set<String> allowed = null;
        if (byMethod != null) {
            allowed = new TreeSet<>(byMethod.keySet());
        }
        String[] segments = null;
        Match headFallback = null;
        for (DynamicRoute r : dynamics) {
            if (segments == null) {
                segments = segments(path);
            }
            Map<String, String> params = r.match(segments);
            if (params == null) {
                continue;
            }
            if (r.method.equals(method)) {
                return new Match(r.handler, params, 0, null);
            }
            if (headFallback == null && method.equals("HEAD") && r.method.equals("GET")) {
                headFallback = new Match(r.handler, params, 0, null);
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(r.method);
        }
        if (headFallback != null) {
            return headFallback;
        }
        if (allowed == null) {
            return Match.NOT_FOUND;
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        allowed.add("OPTIONS");
        String allow = String.join(", ", allowed);
        return new Match(null, Map.of(), method.equals("OPTIONS") ? 204 : 405, allow);
    }

    private static String[] segments(String path) {
        return path.length() <= 1 ? new String[0] : path.substring(1).split("/", -1);
    }

    private static final class DynamicRoute {
        final String method;
        final String pattern;
        final Handler handler;
        final String[] parts;     // literal segment, or null for a parameter
        final String[] names;     // parameter name at the same index

        private DynamicRoute(String method, String pattern, Handler handler, String[] parts, String[] names) {
            this.method = method;
            this.pattern = pattern;
            this.handler = handler;
            this.parts = parts;
            this.names = names;
        }

        static DynamicRoute compile(String method, String pattern, Handler handler) {
            String[] segs = segments(pattern);
            String[] parts = new String[segs.length];
            String[] names = new String[segs.length];
            Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < segs.length; i++) {
                String s = segs[i];
                if (s.startsWith("{") && s.endsWith("}") && s.length() > 2) {
                    String name = s.substring(1, s.length() - 1);
                    if (!name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                        throw new IllegalArgumentException("parameter name '" + name + "' in " + pattern + " must be letters, digits, '_' or '-'");
                    }
                    if (!seen.add(name)) {
                        throw new IllegalArgumentException("parameter '" + name + "' appears twice in " + pattern);
                    }
                    names[i] = name;
                } else if (s.contains("{") || s.contains("}")) {
                    throw new IllegalArgumentException("a parameter must be a whole segment like /users/{id}, got " + pattern);
                } else {
                    parts[i] = s;
                }
            }
            return new DynamicRoute(method, pattern, handler, parts, names);
        }

        Map<String, String> match(String[] segs) {
            if (segs.length != parts.length) {
                return null;
            }
            for (int i = 0; i < segs.length; i++) {
                if (parts[i] != null ? !parts[i].equals(segs[i]) : segs[i].isEmpty()) {
                    return null;
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < segs.length; i++) {
                if (names[i] != null) {
                    params.put(names[i], segs[i]);
                }
            }
            return Collections.unmodifiableMap(params);
        }
    }
}
