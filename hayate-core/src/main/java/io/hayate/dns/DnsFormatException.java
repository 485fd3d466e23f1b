package io.hayate.dns;

/**
 * Bytes that are not a well-formed DNS message: too short, a count that promises more than is there, a compression
 * pointer that loops or points forward, a name over 255 octets, record data of the wrong size.
 *
 * <p>{@link DnsCodec#decode} throws only this, whatever the input; the {@link Resolver} treats a reply that fails
 * to decode as no reply from that server.
 */
public final class DnsFormatException extends RuntimeException {
    private final int offset;

    /** {@code offset} is where in the message the problem was found, or -1. */
    public DnsFormatException(String message, int offset) {
        super(offset >= 0 ? message + " (at byte " + offset + ")" : message);
        this.offset = offset;
    }

    /** Where in the message the problem was found, or -1. */
    public int offset() {
        return offset;
    }
}
