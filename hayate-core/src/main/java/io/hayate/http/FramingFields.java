package io.hayate.http;

/**
 * What the fields that frame a message say, read by the rules both parsers share: {@code Content-Length}
 * ({@link ContentLength}), {@code Transfer-Encoding} (RFC 9112 §6.1: a single, final {@code chunked}, never with
 * Content-Length, never in HTTP/1.0) and the {@code Connection} options (RFC 9110 §7.6.1). List values are read in
 * place, without splitting them into strings. One per head; each parser names the faults its own way
 * ({@link Faults}).
 */
final class FramingFields {
    private final Faults faults;

    private long contentLength = -1;
    private int codings;
    private boolean chunkedLast;
    private boolean close;
    private boolean keepAlive;
    private boolean upgrade;

    FramingFields(Faults faults) {
        this.faults = faults;
    }

    /**
     * Reads a field if it is one of {@code Content-Length}, {@code Transfer-Encoding} or {@code Connection}
     * ({@code name} as {@link HeaderNames} interns it) and returns whether it was.
     *
     * @throws RuntimeException the parser's exception for a malformed or conflicting Content-Length, or a
     *                          Transfer-Encoding field that names no coding
     */
    boolean read(String name, String value) {
        if (name == HeaderNames.CONTENT_LENGTH) {
            contentLength = ContentLength.parse(value, contentLength, faults);
        } else if (name == HeaderNames.TRANSFER_ENCODING) {
            int here = 0;
            for (int start = 0, end; start <= value.length(); start = end + 1) {
                end = FieldLists.end(value, start);
                int from = FieldLists.skipOws(value, start, end);
                int to = FieldLists.trimOws(value, from, end);
                if (from < to) {
                    here++;
                    chunkedLast = FieldLists.is(value, from, to, "chunked");
                }
            }
            if (here == 0) { // each field, not only the first: an empty one after "chunked" is just as odd
                throw faults.of(Faults.Fault.UNSUPPORTED_TRANSFER_ENCODING, "empty");
            }
            codings += here;
        } else if (name == HeaderNames.CONNECTION) {
            for (int start = 0, end; start <= value.length(); start = end + 1) {
                end = FieldLists.end(value, start);
                int from = FieldLists.skipOws(value, start, end);
                int to = FieldLists.trimOws(value, from, end);
                if (FieldLists.is(value, from, to, "close")) {
                    close = true;
                } else if (FieldLists.is(value, from, to, "keep-alive")) {
                    keepAlive = true;
                } else if (FieldLists.is(value, from, to, "upgrade")) {
                    upgrade = true;
                }
            }
        } else {
            return false;
        }
        return true;
    }

    /**
     * Applies the Transfer-Encoding rules once every field is read.
     *
     * @throws RuntimeException the parser's exception when Transfer-Encoding is there in HTTP/1.0, together with
     *                          Content-Length, or other than a single final {@code chunked}
     */
    void check(int minor, Headers headers) {
        if (codings == 0) {
            return;
        }
        if (minor == 0) {
            throw faults.of(Faults.Fault.TRANSFER_ENCODING_IN_HTTP_1_0, null);
        }
        if (contentLength >= 0) {
            throw faults.of(Faults.Fault.TRANSFER_ENCODING_WITH_CONTENT_LENGTH, null);
        }
        if (codings != 1 || !chunkedLast) {
            throw faults.of(Faults.Fault.UNSUPPORTED_TRANSFER_ENCODING, headers.get(HeaderNames.TRANSFER_ENCODING));
        }
    }

    /** The Content-Length, or -1 when there is none. */
    long contentLength() {
        return contentLength;
    }

    /** Whether the body is chunked (after {@link #check}: Transfer-Encoding is a single {@code chunked}). */
    boolean chunked() {
        return codings > 0;
    }

    /**
     * Whether the connection persists after this message: in HTTP/1.1 unless {@code close}, in HTTP/1.0 only with
     * {@code keep-alive}.
     */
    boolean persistent(int minor) {
        return minor == 1 ? !close : keepAlive && !close;
    }

    /** Whether {@code Connection} names {@code upgrade}. */
    boolean upgrade() {
        return upgrade;
    }
}
