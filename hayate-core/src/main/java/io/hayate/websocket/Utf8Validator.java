package io.hayate.websocket;

/**
 * An incremental UTF-8 validator: a deterministic automaton fed any number of byte ranges, which rejects at the
 * first byte that cannot continue well-formed UTF-8 (Unicode 15, Table 3-7), so a text message split over frames,
 * reads or inflate calls fails as early as possible and a code point may straddle any boundary.
 *
 * <p>Rejected: bytes C0, C1, F5–FF anywhere; a continuation byte (80–BF) where none is expected; a lead byte where a
 * continuation is expected; overlong forms (E0 80–9F, F0 80–8F); surrogates U+D800–DFFF (ED A0–BF); code points over
 * U+10FFFF (F4 90–BF). A sequence still open at the end of a message is rejected by the caller through
 * {@link #isComplete()}.
 *
 * <p>The automaton has nine states: accept, reject, "1, 2 or 3 continuation bytes to go", and four states for the
 * second byte after E0, ED, F0 and F4, whose range is narrower than 80–BF. Bytes are first mapped to one of twelve
 * classes, then a 9 × 12 table gives the next state.
 *
 * <p><b>Threading.</b> One instance per message stream, used by one thread at a time.
 */
final class Utf8Validator {
    static final int ACCEPT = 0;
    static final int REJECT = 1;
    private static final int NEED1 = 2;
    private static final int NEED2 = 3;
    private static final int NEED3 = 4;
    private static final int AFTER_E0 = 5;
    private static final int AFTER_ED = 6;
    private static final int AFTER_F0 = 7;
    private static final int AFTER_F4 = 8;
    private static final int STATES = 9;

    // byte classes
    private static final int ASCII = 0;     // 00..7F
    private static final int CONT_80 = 1;   // 80..8F
    private static final int CONT_90 = 2;   // 90..9F
    private static final int CONT_A0 = 3;   // A0..BF
    private static final int INVALID = 4;   // C0, C1, F5..FF
    private static final int LEAD2 = 5;     // C2..DF
    private static final int E0 = 6;
    private static final int LEAD3 = 7;     // E1..EC, EE, EF
    private static final int ED = 8;
    private static final int F0 = 9;
    private static final int LEAD4 = 10;    // F1..F3
    private static final int F4 = 11;
    private static final int CLASSES = 12;

    private static final byte[] CLASS = new byte[256];
    private static final byte[] NEXT = new byte[STATES * CLASSES];

    static {
        for (int b = 0; b < 256; b++) {
            CLASS[b] = (byte) (b < 0x80 ? ASCII : b < 0x90 ? CONT_80 : b < 0xA0 ? CONT_90 : b < 0xC0 ? CONT_A0
                    : b < 0xC2 ? INVALID : b < 0xE0 ? LEAD2 : b == 0xE0 ? E0 : b == 0xED ? ED : b < 0xF0 ? LEAD3
                    : b == 0xF0 ? F0 : b < 0xF4 ? LEAD4 : b == 0xF4 ? F4 : INVALID);
        }
        java.util.Arrays.fill(NEXT, (byte) REJECT);
        on(ACCEPT, ASCII, ACCEPT);
        on(ACCEPT, LEAD2, NEED1);
        on(ACCEPT, E0, AFTER_E0);
        on(ACCEPT, LEAD3, NEED2);
        on(ACCEPT, ED, AFTER_ED);
        on(ACCEPT, F0, AFTER_F0);
        on(ACCEPT, LEAD4, NEED3);
        on(ACCEPT, F4, AFTER_F4);
        for (int c : new int[] {CONT_80, CONT_90, CONT_A0}) {
            on(NEED1, c, ACCEPT);
            on(NEED2, c, NEED1);
            on(NEED3, c, NEED2);
        }
        on(AFTER_E0, CONT_A0, NEED1);               // E0 A0..BF: no overlong 3-byte forms
        on(AFTER_ED, CONT_80, NEED1);               // ED 80..9F: no surrogates
        on(AFTER_ED, CONT_90, NEED1);
        on(AFTER_F0, CONT_90, NEED2);               // F0 90..BF: no overlong 4-byte forms
        on(AFTER_F0, CONT_A0, NEED2);
        on(AFTER_F4, CONT_80, NEED2);               // F4 80..8F: nothing over U+10FFFF
    }

    private static void on(int state, int byteClass, int next) {
        NEXT[state * CLASSES + byteClass] = (byte) next;
    }

    private int state = ACCEPT;

    /**
     * Feeds {@code len} bytes; returns false as soon as one of them cannot continue valid UTF-8 (the validator then
     * stays rejected until {@link #reset()}).
     */
    boolean feed(byte[] a, int off, int len) {
        int s = state;
        int end = off + len;
        int i = off;
        while (i < end) {
            if (s == ACCEPT) { // fast path over ASCII
                while (i < end && a[i] >= 0) {
                    i++;
                }
                if (i == end) {
                    break;
                }
            }
            s = NEXT[s * CLASSES + CLASS[a[i] & 0xff]];
            if (s == REJECT) {
                state = REJECT;
                return false;
            }
            i++;
        }
        state = s;
        return true;
    }

    /** Whether every byte so far was valid and no sequence is left open: the text so far is whole UTF-8. */
    boolean isComplete() {
        return state == ACCEPT;
    }

    /** Whether a byte so far was invalid. */
    boolean isRejected() {
        return state == REJECT;
    }

    /** Starts over for the next message. */
    void reset() {
        state = ACCEPT;
    }

    /** Whether {@code len} bytes from {@code off} are whole, valid UTF-8. */
    static boolean isValid(byte[] a, int off, int len) {
        Utf8Validator v = new Utf8Validator();
        return v.feed(a, off, len) && v.isComplete();
    }
}
