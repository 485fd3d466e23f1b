package io.hayate.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chat's state: messages with increasing ids, the last {@code historySize} of them, and the clients listening.
 * It knows nothing about HTTP; {@link Chat} puts WebSocket, server-sent-event and long-poll clients on it.
 *
 * <p><b>Ids.</b> Messages are numbered 1, 2, 3… in the order {@link #publish} accepted them, without gaps. A client
 * keeps the id of the last message it saw and hands it back on reconnect ({@link #since}).
 *
 * <p><b>Delivery without gaps or duplicates.</b> A {@link Subscriber} has a cursor (the last id it was given) and an
 * executor (the event loop of its connection). {@code publish} only appends to the history and <em>wakes</em> the
 * subscribers; each one then reads everything after its cursor from the history on its own executor and moves the
 * cursor. Subscribing registers first and reads second, so a message published meanwhile is either in what the
 * first read finds or wakes it again, and the cursor filters out what was already sent. Publishers never wait for a
 * slow client, and a client that falls behind gets one batch instead of many small writes.
 *
 * <p><b>Markers.</b> Besides messages, a batch may start with a marker:
 * <ul>
 *   <li>{@link Missed}: the client's id is older than the history; messages {@code after+1 .. next-1} are lost to it;</li>
 *   <li>{@link Reset}: the client's id is newer than any message here (the server restarted); the history follows
 *       from its start.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Safe from any thread. Publishers take turns on one lock; readers ({@code since}, the ids) take
 * none, so a subscriber's drain on an event loop never waits for a publisher, which in {@code VIRTUAL} mode is a
 * virtual thread that loop may carry (GUIDE, Modes). A reader that finds a message overwritten under it by a newer
 * one reads again.
 */
final class ChatRoom {
    static final int DEFAULT_HISTORY = 1000;
    /** Messages replayed to a client that gives no id: a newcomer sees the recent conversation. */
    static final int RECENT = 100;
    static final int MAX_NAME = 40;
    static final int MAX_TEXT = 1000;

    /** What a client receives: a message or a marker, each one JSON object with a {@code type}. */
    sealed interface Entry {
        String json();
    }

    /** A chat message. {@code time} is milliseconds since the epoch, when the server accepted it. */
    record Message(long id, String name, String text, long time, String json) implements Entry {
        Message(long id, String name, String text, long time) {
            this(id, name, text, time, encode(id, name, text, time));
        }

        private static String encode(long id, String name, String text, long time) {
            StringBuilder sb = new StringBuilder(64 + name.length() + text.length());
            sb.append("{\"type\":\"message\",\"id\":").append(id).append(",\"name\":");
            Json.quote(sb, name);
            sb.append(",\"text\":");
            Json.quote(sb, text);
            return sb.append(",\"time\":").append(time).append('}').toString();
        }
    }

    /** The messages after {@code after} and before {@code next} fell out of the history before the client got them. */
    record Missed(long after, long next) implements Entry {
        @Override
        public String json() {
            return "{\"type\":\"missed\",\"after\":" + after + ",\"next\":" + next + "}";
        }
    }

    /** The client's {@code after} is beyond {@code last}, the newest id here: the server restarted; ids start over. */
    record Reset(long after, long last) implements Entry {
        @Override
        public String json() {
            return "{\"type\":\"reset\",\"after\":" + after + ",\"last\":" + last + "}";
        }
    }

    /** What {@link #since} found, and the cursor to continue from. */
    record Batch(List<Entry> entries, long cursor) {
        boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    /** Receives batches on the subscriber's executor, one at a time, in order. */
    interface Sink {
        /** Sends {@code batch} (never empty); returns whether to go on. Returning false or throwing unsubscribes. */
        boolean deliver(Batch batch) throws Exception;

        /** Drops the client's connection: {@link #disconnectAll} and shutdown. It will reconnect and resume. */
        default void disconnect() {}
    }

    private final Object publishing = new Object();
    private final AtomicReferenceArray<Message> ring;
    private final Clock clock;
    /** Id of the newest message; 0 before the first. Written under publishing, after the message is in the ring. */
    private volatile long last;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    ChatRoom() {
        this(DEFAULT_HISTORY, Clock.systemUTC());
    }

    ChatRoom(int historySize, Clock clock) {
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize must be at least 1");
        }
        this.ring = new AtomicReferenceArray<>(historySize);
        this.clock = clock;
    }

    /**
     * Why {@code name} and {@code text} cannot be published, or {@code null} if they can: a name of 1 to 40 and a
     * text of 1 to 1,000 characters (code points), not blank; no control characters (a text may hold line breaks
     * and tabs).
     */
    static String invalid(String name, String text) {
        if (name == null || name.isBlank()) {
            return "name is missing";
        }
        if (text == null || text.isBlank()) {
            return "text is missing";
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            return "name is longer than " + MAX_NAME + " characters";
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            return "text is longer than " + MAX_TEXT + " characters";
        }
        if (name.chars().anyMatch(ChatRoom::isControl)) {
            return "name contains a control character";
        }
        if (text.chars().anyMatch(c -> isControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            return "text contains a control character";
        }
        if (hasLoneSurrogate(name) || hasLoneSurrogate(text)) {
            return "name or text is not valid Unicode";
        }
        return null;
    }

    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isHighSurrogate(c)) {
                if (k + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(k + 1))) {
                    return true;
                }
                k++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives the message the next id, keeps it in the history and wakes every subscriber.
     *
     * @throws IllegalArgumentException with {@link #invalid}'s reason
     */
    Message publish(String name, String text) {
        String why = invalid(name, text);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        Message m;
        synchronized (publishing) {
            m = new Message(last + 1, name, text, clock.millis());
            ring.set(slot(m.id()), m);
            last = m.id(); // after the message: a reader that sees this id finds it
        }
        for (Subscriber s : subscribers) {
            s.wake();
        }
        return m;
    }

    /** The id of the newest message, 0 before the first. */
    long lastId() {
        return last;
    }

    /** The id of the oldest message in the history ({@code lastId() + 1} when it is empty). */
    long firstId() {
        return firstFor(last);
    }

    /** Where a client starts that gives no id: just before the {@link #RECENT} newest messages. */
    long recentCursor() {
        long l = last;
        return Math.max(firstFor(l) - 1, l - RECENT);
    }

    /** The oldest id held when {@code newest} is the newest. */
    private long firstFor(long newest) {
        return Math.max(1, newest - ring.length() + 1);
    }

    private int slot(long id) {
        return (int) ((id - 1) % ring.length());
    }

    /**
     * Up to {@code max} messages after {@code after}, oldest first, with a {@link Missed} or {@link Reset} marker in
     * front when needed, and the cursor to ask from next time.
     */
    Batch since(long after, int max) {
        if (after < 0 || max < 1) {
            throw new IllegalArgumentException("after must not be negative, max must be positive");
        }
        for (;;) {
            long last = this.last;
            long first = firstFor(last);
            List<Entry> entries = new ArrayList<>();
            long from = after;
            if (after > last) {
                entries.add(new Reset(after, last));
                from = first - 1; // the whole history; what is older than it is not worth a second marker
            } else if (after < first - 1) {
                entries.add(new Missed(after, first));
                from = first - 1;
            }
            long to = Math.min(last, from + Math.max(0, max));
            boolean overwritten = false;
            for (long id = from + 1; id <= to && !overwritten; id++) {
                Message m = ring.get(slot(id));
                overwritten = m.id() != id; // a newer message took its slot since last was read: read again
                entries.add(m);
            }
            if (!overwritten) {
                return new Batch(List.copyOf(entries), to > from ? to : (after > last ? from : after));
            }
        }
    }

    /**
     * Subscribes {@code sink} from {@code after} ({@code null}: {@link #recentCursor()}): it is sent what it missed
     * first, then every new message, each batch on {@code executor}. Batches hold at most {@code maxBatch} messages.
     */
    Subscriber subscribe(Long after, int maxBatch, Executor executor, Sink sink) {
        Subscriber s = new Subscriber(after == null ? recentCursor() : after, maxBatch, executor, sink);
        subscribers.add(s);
        s.wake(); // after registering: nothing published from now on can be missed
        return s;
    }

    /** How many clients are listening. */
    int subscriberCount() {
        return subscribers.size();
    }

    /** Drops every listening client's connection (they reconnect and resume); returns how many there were. */
    int disconnectAll() {
        int n = 0;
        for (Subscriber s : subscribers) {
            s.cancel();
            try {
                s.sink.disconnect();
            } catch (RuntimeException e) {
                // it is going away anyway
            }
            n++;
        }
        return n;
    }

    /** One listening client. */
    final class Subscriber {
        private final int maxBatch;
        private final Executor executor;
        private final Sink sink;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean cancelled;
        /** The id of the last message handed to the sink. Read and written only by drain, one at a time. */
        private long cursor;

        private Subscriber(long cursor, int maxBatch, Executor executor, Sink sink) {
            this.cursor = cursor;
            this.maxBatch = maxBatch;
            this.executor = executor;
            this.sink = sink;
        }

        void wake() {
            if (cancelled || !scheduled.compareAndSet(false, true)) {
                return; // a drain is queued and will see the new message
            }
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                cancel(); // the loop stopped: the server is shutting down
            }
        }

        private void drain() {
            scheduled.set(false); // before reading: a publish from now on queues another drain
            if (cancelled) {
                return;
            }
            Batch batch = since(cursor, maxBatch);
            if (batch.isEmpty()) {
                return;
            }
            cursor = batch.cursor();
            boolean more;
            try {
                more = sink.deliver(batch);
            } catch (Exception e) {
                more = false; // the client went away
            }
            if (!more) {
                cancel();
                return;
            }
            if (!cancelled && cursor < lastId()) {
                wake(); // the batch was capped: more to send
            }
        }

        /** Stops delivering; idempotent. */
        void cancel() {
            cancelled = true;
            subscribers.remove(this);
        }

        boolean isCancelled() {
            return cancelled;
        }
    }
}
