package io.hayate.http;

/**
 * How a parser names what the parts it shares with the other parser find wrong ({@link HeadScanner} for the lines and
 * limits of a head, {@link FieldLine} for header and trailer fields, {@link FramingFields} for the fields that frame
 * a body, {@link ChunkedDecoder} for chunked bodies, {@link ContentLength} for body lengths):
 * {@link RequestParser} as a {@link Violation} (a status), {@link ResponseParser} as a {@link ResponseViolation}. A
 * functional interface: each parser makes one lambda per compliance mode, shared by all its instances.
 */
@FunctionalInterface
interface Faults {

    /** What a shared part found wrong. */
    enum Fault {
        /** A start line (request line or status line) over {@link HttpLimits#maxRequestLine()}. */
        START_LINE_TOO_LONG,
        /** A field line that starts with whitespace: obsolete line folding. */
        OBS_FOLD,
        /** Whitespace between a field name and its colon: tolerable. */
        WHITESPACE_BEFORE_COLON,
        /** A CR that is not followed by LF. */
        BARE_CR,
        /** A field line without a colon, or with an empty or non-token name. */
        INVALID_FIELD_NAME,
        /** A control byte (NUL, LF, DEL, ...) in a field value. */
        INVALID_FIELD_VALUE,
        /** A line that ends with LF alone: tolerable. */
        LF_LINE_TERMINATOR,
        /** A chunk-size line that is too long, has no hex digits or too many, or a malformed extension. */
        CHUNK_SIZE,
        /** Chunk data not followed by CRLF. */
        CHUNK_FRAMING,
        /** Chunk sizes that add up to more than {@link HttpLimits#maxBodySize()}. */
        BODY_TOO_LARGE,
        /** A header or trailer section over {@link HttpLimits#maxHeaderSize()}. */
        FIELDS_TOO_LARGE,
        /** Head and trailer fields together over {@link HttpLimits#maxHeaderCount()}. */
        TOO_MANY_FIELDS,
        /** A Content-Length that is not 1 to 18 digits. */
        INVALID_CONTENT_LENGTH,
        /** Content-Length values that differ. */
        CONFLICTING_CONTENT_LENGTH,
        /** The same Content-Length given twice (a list or a repeated field): tolerable. */
        DUPLICATE_CONTENT_LENGTH,
        /** Transfer-Encoding in an HTTP/1.0 message. */
        TRANSFER_ENCODING_IN_HTTP_1_0,
        /** Transfer-Encoding together with Content-Length. */
        TRANSFER_ENCODING_WITH_CONTENT_LENGTH,
        /** Transfer-Encoding other than a single, final {@code chunked}, or a field that names no coding. */
        UNSUPPORTED_TRANSFER_ENCODING;

        /** Whether a compliance mode may accept it. */
        boolean tolerable() {
            return this == WHITESPACE_BEFORE_COLON || this == LF_LINE_TERMINATOR || this == DUPLICATE_CONTENT_LENGTH;
        }
    }

    /**
     * The exception to throw for {@code fault}, or {@code null} when the fault is {@link Fault#tolerable() tolerable}
     * and the parser's compliance mode accepts it.
     */
    RuntimeException of(Fault fault, String detail);

    /** Throws the exception for {@code fault} unless it is tolerated. */
    default void raise(Fault fault, String detail) {
        RuntimeException e = of(fault, detail);
        if (e != null) {
            throw e;
        }
    }
}
