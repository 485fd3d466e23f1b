package io.hayate.client;

import io.hayate.http.UriCodec;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a request goes: a TCP host and port, or a UNIX domain socket; the key of a connection pool.
 *
 * @param host       the host to resolve (IPv6 literals without brackets); for a UNIX socket, the host for the
 *                   {@code Host} header
 * @param port       the TCP port (80 by default); -1 for a UNIX socket
 * @param unixSocket the socket's path, or {@code null} for TCP
 */
record Origin(String host, int port, Path unixSocket) {

    /**
     * The origin of {@code uri}: {@code http://} and {@code ws://} over TCP, {@code http+unix://} and
     * {@code ws+unix://} with the socket path percent-encoded as the authority, or any of the TCP forms with
     * {@code socket} given.
     *
     * @throws IllegalArgumentException for another scheme, a missing host, or TLS (not supported yet)
     */
    static Origin of(URI uri, Path socket) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "http", "ws" -> { }
            case "http+unix", "ws+unix" -> {
                String authority = uri.getRawAuthority();
                if (authority == null || authority.isEmpty()) {
                    throw new IllegalArgumentException(uri + ": http+unix:// needs the socket path, percent-encoded, as "
                            + "the authority, e.g. http+unix://%2Ftmp%2Fapp.sock/path");
                }
                return new Origin("localhost", -1, Path.of(UriCodec.percentDecode(authority, false, false)));
            }
            case "https", "wss" -> throw new IllegalArgumentException(uri + ": TLS is not supported yet; Hayate's client"
                    + " speaks plain HTTP/1.1 (http://, ws://, or http+unix:// for a UNIX socket)");
            default -> throw new IllegalArgumentException(uri + ": scheme must be http, ws, http+unix or ws+unix");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(uri + ": no host; write http://host[:port]/path");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (socket != null) {
            return new Origin(host, uri.getPort(), socket);
        }
        return new Origin(host, uri.getPort() < 0 ? 80 : uri.getPort(), null);
    }

    /** The {@code Host} header value: the host (bracketed when IPv6) and the port unless it is 80. */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port < 0 || port == 80 ? h : h + ":" + port;
    }

    /** The origin-form target of {@code uri}: raw path ({@code /} when empty) and raw query. */
    static String target(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = uri.getRawQuery();
        return query == null ? path : path + "?" + query;
    }

    @Override
    public String toString() {
        return unixSocket != null ? "unix:" + unixSocket : (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
