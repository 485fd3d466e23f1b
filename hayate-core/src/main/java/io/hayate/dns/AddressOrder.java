package io.hayate.dns;

/**
 * Which address families a lookup asks for, and in which order they are returned.
 *
 * <p>When both families are asked for, the A and AAAA queries go out together and the answers are merged.
 */
public enum AddressOrder {
    /** IPv4 addresses, then IPv6 (the JDK's order unless {@code java.net.preferIPv6Addresses} is set). */
    IPV4_FIRST,
    /** IPv6 addresses, then IPv4. */
    IPV6_FIRST,
    /** Only A records. */
    IPV4_ONLY,
    /** Only AAAA records. */
    IPV6_ONLY;

    boolean wantsIpv4() {
        return this != IPV6_ONLY;
    }

    boolean wantsIpv6() {
        return this != IPV4_ONLY;
    }
}
