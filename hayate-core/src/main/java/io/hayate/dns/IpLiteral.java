package io.hayate.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals without ever asking a resolver: {@link InetAddress#getByName} falls back to a lookup
 * for text it does not recognise, which here could recurse into Hayate's own resolver.
 */
final class IpLiteral {
    private IpLiteral() {}

    /**
     * The address {@code text} spells, or {@code null} when it is not a literal. IPv4 must be a dotted quad
     * without leading zeros (no {@code 010.1.1.1}, whose meaning differs between libraries); IPv6 may be in brackets
     * and carry a {@code %scope}.
     */
    static InetAddress parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        InetAddress v4 = parseV4(text);
        if (v4 != null) {
            return v4;
        }
        String s = text.length() > 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']'
                ? text.substring(1, text.length() - 1) : text;
        if (s.indexOf(':') < 0) {
            return null;
        }
        int percent = s.indexOf('%');
        String addressPart = percent < 0 ? s : s.substring(0, percent);
        for (int i = 0; i < addressPart.length(); i++) {
            char c = addressPart.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return null;
            }
        }
        try {
            // Brackets make the JDK insist on a literal: it throws instead of looking the text up.
            InetAddress a = InetAddress.getByName("[" + s + "]");
            if (a instanceof Inet6Address || percent < 0) {
                return a; // "::ffff:1.2.3.4" comes back as its IPv4 address, as everywhere in the JDK
            }
            return null;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static InetAddress parseV4(String s) {
        byte[] b = new byte[4];
        int part = 0;
        int i = 0;
        int n = s.length();
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            b[part++] = (byte) value;
            if (part < 4) {
                if (i >= n || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        if (i != n) {
            return null;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code address} carrying {@code host} as its name, so that {@code toString()} shows both. */
    static InetAddress withName(String host, InetAddress address) {
        try {
            if (address instanceof Inet6Address a6) {
                return Inet6Address.getByAddress(host, a6.getAddress(), a6.getScopeId() != 0 ? a6.getScopeId() : -1);
            }
            return InetAddress.getByAddress(host, address.getAddress());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
