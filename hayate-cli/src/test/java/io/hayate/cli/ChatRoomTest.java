package io.hayate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayate.cli.ChatRoom.Batch;
import io.hayate.cli.ChatRoom.Entry;
import io.hayate.cli.ChatRoom.Message;
import io.hayate.cli.ChatRoom.Missed;
import io.hayate.cli.ChatRoom.Reset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChatRoomTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2013-02-04T12:00:00Z"), ZoneOffset.UTC);

    /** An executor that runs nothing until told: a subscriber's loop, paused. */
    private static final class Paused implements java.util.concurrent.Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            Runnable r;
            while ((r = next()) != null) {
                r.run();
            }
        }

        private synchronized Runnable next() {
            return tasks.poll();
        }
    }

    /** Collects what a subscriber is sent. */
    private static final class Collector implements ChatRoom.Sink {
        final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger batches = new AtomicInteger();
        volatile boolean disconnected;

        @Override
        public boolean deliver(Batch batch) {
            batches.incrementAndGet();
            entries.addAll(batch.entries());
            return true;
        }

        @Override
        public void disconnect() {
            disconnected = true;
        }

        List<Long> ids() {
            synchronized (entries) {
                return entries.stream().filter(e -> e instanceof Message).map(e -> ((Message) e).id()).toList();
            }
        }
    }

    private static List<Long> ids(Batch b) {
        return b.entries().stream().filter(e -> e instanceof Message).map(e -> ((Message) e).id()).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            l.add(i);
        }
        return l;
    }

    @Test
    void ids_start_at_one_and_increase_by_one() {
        ChatRoom room = new ChatRoom(10, CLOCK);
        assertThat(room.lastId()).isZero();
        assertThat(room.publish("a", "one").id()).isEqualTo(1);
        assertThat(room.publish("b", "two").id()).isEqualTo(2);
        Message m = room.publish("c", "three");
        assertThat(m).extracting(Message::id, Message::name, Message::text, Message::time)
                .containsExactly(3L, "c", "three", CLOCK.millis());
        assertThat(room.lastId()).isEqualTo(3);
        assertThat(room.firstId()).isEqualTo(1);
    }

    @Test
    void message_json_round_trips_whatever_the_text_holds() {
        ChatRoom room = new ChatRoom(10, CLOCK);
        String text = "quote \" backslash \\ newline\n tab\t <script>alert(1)</script> \u2028 \uD83D\uDE00 é";
        Message m = room.publish("N\u00e4me \"x\"", text);
        assertThat(Json.parse(m.json())).isEqualTo(Map.of("type", "message", "id", 1L, "name", "N\u00e4me \"x\"",
                "text", text, "time", CLOCK.millis()));
        assertThat(m.json()).doesNotContain("\n").doesNotContain("\u2028");
    }

    @Test
    void history_keeps_the_newest_messages_and_marks_what_fell_out() {
        ChatRoom room = new ChatRoom(5, CLOCK);
        for (int i = 1; i <= 8; i++) {
            room.publish("a", "m" + i);
        }
        assertThat(room.firstId()).isEqualTo(4);
        assertThat(room.lastId()).isEqualTo(8);

        Batch fromStart = room.since(0, 100);
        assertThat(fromStart.entries().get(0)).isEqualTo(new Missed(0, 4));
        assertThat(ids(fromStart)).isEqualTo(range(4, 8));
        assertThat(fromStart.cursor()).isEqualTo(8);
        assertThat(fromStart.entries().get(0).json()).isEqualTo("{\"type\":\"missed\",\"after\":0,\"next\":4}");

        assertThat(room.since(2, 100).entries().get(0)).isEqualTo(new Missed(2, 4));
        Batch exact = room.since(3, 100); // has everything up to 3: nothing missed
        assertThat(exact.entries()).allMatch(e -> e instanceof Message);
        assertThat(ids(exact)).isEqualTo(range(4, 8));
        Batch some = room.since(6, 100);
        assertThat(ids(some)).containsExactly(7L, 8L);
        Batch none = room.since(8, 100);
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.cursor()).isEqualTo(8);
    }

    @Test
    void an_id_from_the_future_means_the_server_restarted() {
        ChatRoom room = new ChatRoom(5, CLOCK);
        Batch empty = room.since(42, 100);
        assertThat(empty.entries()).containsExactly(new Reset(42, 0));
        assertThat(empty.cursor()).isZero();
        for (int i = 1; i <= 7; i++) {
            room.publish("a", "m" + i);
        }
        Batch b = room.since(500, 100);
        assertThat(b.entries().get(0)).isEqualTo(new Reset(500, 7));
        assertThat(b.entries().get(0).json()).isEqualTo("{\"type\":\"reset\",\"after\":500,\"last\":7}");
        assertThat(ids(b)).isEqualTo(range(3, 7)); // the whole history, no second marker
        assertThat(b.cursor()).isEqualTo(7);
    }

    @Test
    void batches_are_capped_and_the_cursor_says_where_to_go_on() {
        ChatRoom room = new ChatRoom(100, CLOCK);
        for (int i = 1; i <= 25; i++) {
            room.publish("a", "m" + i);
        }
        Batch first = room.since(0, 10);
        assertThat(ids(first)).isEqualTo(range(1, 10));
        assertThat(first.cursor()).isEqualTo(10);
        assertThat(ids(room.since(first.cursor(), 10))).isEqualTo(range(11, 20));
        assertThat(ids(room.since(20, 10))).isEqualTo(range(21, 25));
        assertThatThrownBy(() -> room.since(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_newcomer_starts_before_the_recent_messages() {
        ChatRoom room = new ChatRoom(1000, CLOCK);
        assertThat(room.recentCursor()).isZero();
        for (int i = 1; i <= 30; i++) {
            room.publish("a", "m" + i);
        }
        assertThat(room.recentCursor()).isZero();
        for (int i = 31; i <= 250; i++) {
            room.publish("a", "m" + i);
        }
        assertThat(room.recentCursor()).isEqualTo(250 - ChatRoom.RECENT);
        ChatRoom small = new ChatRoom(10, CLOCK);
        for (int i = 1; i <= 30; i++) {
            small.publish("a", "m" + i);
        }
        assertThat(small.recentCursor()).as("no older than the history: no missed marker").isEqualTo(20);
    }

    @Test
    void names_and_texts_are_checked() {
        assertThat(ChatRoom.invalid("a".repeat(40), "t".repeat(1000))).isNull();
        assertThat(ChatRoom.invalid("\uD83D\uDE00".repeat(40), "\uD83D\uDE00".repeat(1000))).as("code points").isNull();
        assertThat(ChatRoom.invalid("a", "line one\nline two\r\n\ttabbed")).isNull();
        assertThat(ChatRoom.invalid("a".repeat(41), "t")).isEqualTo("name is longer than 40 characters");
        assertThat(ChatRoom.invalid("a", "t".repeat(1001))).isEqualTo("text is longer than 1000 characters");
        assertThat(ChatRoom.invalid(null, "t")).isEqualTo("name is missing");
        assertThat(ChatRoom.invalid("  ", "t")).isEqualTo("name is missing");
        assertThat(ChatRoom.invalid("a", "")).isEqualTo("text is missing");
        assertThat(ChatRoom.invalid("a", " \n ")).isEqualTo("text is missing");
        assertThat(ChatRoom.invalid("a\nb", "t")).isEqualTo("name contains a control character");
        assertThat(ChatRoom.invalid("a", "t\u0000")).isEqualTo("text contains a control character");
        assertThat(ChatRoom.invalid("a", "t\u001b[31m")).isEqualTo("text contains a control character");
        assertThat(ChatRoom.invalid("a", "t\uD800")).isEqualTo("name or text is not valid Unicode");
        ChatRoom room = new ChatRoom(10, CLOCK);
        assertThatThrownBy(() -> room.publish("a", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("text is missing");
        assertThat(room.lastId()).as("nothing published").isZero();
    }

    @Test
    void a_subscriber_gets_the_replay_then_new_messages_on_its_executor() {
        ChatRoom room = new ChatRoom(100, CLOCK);
        for (int i = 1; i <= 5; i++) {
            room.publish("a", "m" + i);
        }
        Paused loop = new Paused();
        Collector c = new Collector();
        room.subscribe(2L, Integer.MAX_VALUE, loop, c);
        assertThat(c.entries).as("nothing runs until the executor does").isEmpty();
        room.publish("a", "m6");
        room.publish("a", "m7");
        loop.runAll();
        assertThat(c.ids()).isEqualTo(range(3, 7));
        assertThat(c.batches.get()).as("wakes while a drain was queued are coalesced").isEqualTo(1);
        room.publish("a", "m8");
        loop.runAll();
        assertThat(c.ids()).isEqualTo(range(3, 8));
    }

    @Test
    void a_subscriber_without_an_id_gets_the_recent_messages() {
        ChatRoom room = new ChatRoom(1000, CLOCK);
        for (int i = 1; i <= 150; i++) {
            room.publish("a", "m" + i);
        }
        Paused loop = new Paused();
        Collector c = new Collector();
        room.subscribe(null, Integer.MAX_VALUE, loop, c);
        loop.runAll();
        assertThat(c.ids()).isEqualTo(range(51, 150));
    }

    @Test
    void a_subscriber_that_fell_behind_the_history_is_told_what_it_missed() {
        ChatRoom room = new ChatRoom(5, CLOCK);
        Paused loop = new Paused();
        Collector c = new Collector();
        room.subscribe(0L, Integer.MAX_VALUE, loop, c);
        for (int i = 1; i <= 20; i++) {
            room.publish("a", "m" + i); // the subscriber's loop is stuck meanwhile
        }
        loop.runAll();
        assertThat(c.entries.get(0)).isEqualTo(new Missed(0, 16));
        assertThat(c.ids()).isEqualTo(range(16, 20));
    }

    @Test
    void capped_batches_follow_each_other_until_the_subscriber_caught_up() {
        ChatRoom room = new ChatRoom(1000, CLOCK);
        for (int i = 1; i <= 35; i++) {
            room.publish("a", "m" + i);
        }
        Paused loop = new Paused();
        Collector c = new Collector();
        room.subscribe(0L, 10, loop, c);
        loop.runAll();
        assertThat(c.ids()).isEqualTo(range(1, 35));
        assertThat(c.batches.get()).isEqualTo(4);
    }

    @Test
    void a_sink_that_says_stop_or_throws_is_unsubscribed() {
        ChatRoom room = new ChatRoom(100, CLOCK);
        room.publish("a", "m1");
        Paused loop = new Paused();
        AtomicInteger calls = new AtomicInteger();
        room.subscribe(0L, 100, loop, b -> {
            calls.incrementAndGet();
            return false;
        });
        room.subscribe(0L, 100, loop, b -> {
            calls.incrementAndGet();
            throw new IllegalStateException("client gone");
        });
        assertThat(room.subscriberCount()).isEqualTo(2);
        loop.runAll();
        assertThat(calls.get()).isEqualTo(2);
        assertThat(room.subscriberCount()).isZero();
        room.publish("a", "m2");
        loop.runAll();
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void cancel_and_disconnect_all_stop_delivery() {
        ChatRoom room = new ChatRoom(100, CLOCK);
        Paused loop = new Paused();
        Collector a = new Collector();
        Collector b = new Collector();
        ChatRoom.Subscriber sa = room.subscribe(0L, 100, loop, a);
        room.subscribe(0L, 100, loop, b);
        sa.cancel();
        sa.cancel();
        assertThat(sa.isCancelled()).isTrue();
        room.publish("a", "m1");
        loop.runAll();
        assertThat(a.entries).isEmpty();
        assertThat(b.ids()).containsExactly(1L);
        assertThat(room.disconnectAll()).isEqualTo(1);
        assertThat(b.disconnected).isTrue();
        assertThat(room.subscriberCount()).isZero();
        room.publish("a", "m2");
        loop.runAll();
        assertThat(b.ids()).containsExactly(1L);
    }

    @Test
    void a_stopped_executor_unsubscribes() {
        ChatRoom room = new ChatRoom(100, CLOCK);
        room.subscribe(0L, 100, r -> {
            throw new java.util.concurrent.RejectedExecutionException("loop stopped");
        }, new Collector());
        assertThat(room.subscriberCount()).isZero();
    }

    /**
     * Publishers on several threads while subscribers join at random points, each from a random id, on their own
     * single-threaded executors: every subscriber gets every message after its id exactly once, in order.
     */
    @Test
    void concurrent_publishers_and_subscribers_see_no_gap_and_no_duplicate() throws Exception {
        int publishers = 4;
        int perPublisher = 2_000;
        int total = publishers * perPublisher;
        ChatRoom room = new ChatRoom(total + 10, Clock.systemUTC());
        int subscribers = 16;
        List<ExecutorService> loops = new ArrayList<>();
        List<Collector> collectors = Collections.synchronizedList(new ArrayList<>());
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(publishers + 1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int me = p;
            done.add(threads.submit(() -> {
                go.await();
                for (int i = 0; i < perPublisher; i++) {
                    room.publish("p" + me, "message " + i);
                }
                return null;
            }));
        }
        done.add(threads.submit(() -> {
            go.await();
            for (int s = 0; s < subscribers; s++) {
                ExecutorService loop = Executors.newSingleThreadExecutor();
                loops.add(loop);
                long after = ThreadLocalRandom.current().nextLong(room.lastId() + 1);
                Collector c = new Collector();
                starts.add(after);
                collectors.add(c);
                room.subscribe(after, 1 + ThreadLocalRandom.current().nextInt(500), loop, c);
                Thread.sleep(1);
            }
            return null;
        }));
        go.countDown();
        for (var f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(room.lastId()).isEqualTo(total);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int s = 0; s < subscribers; s++) {
            Collector c = collectors.get(s);
            while (c.ids().size() < total - starts.get(s) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(c.ids()).as("subscriber %d from %d", s, starts.get(s)).isEqualTo(range(starts.get(s) + 1, total));
            assertThat(c.entries).allMatch(e -> e instanceof Message);
        }
        for (ExecutorService loop : loops) {
            loop.shutdown();
        }
    }

    /**
     * A small history that publishers overwrite all the time while a reader asks for batches from random ids: every
     * batch is whole (consecutive ids, starting right after the id asked for or after a {@link Missed} marker that
     * says where), never a message that took a slot while it was read.
     */
    @Test
    void readers_never_see_a_slot_that_a_newer_message_took() throws Exception {
        ChatRoom room = new ChatRoom(16, Clock.systemUTC());
        ExecutorService publishers = Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            done.add(publishers.submit(() -> {
                for (int i = 0; i < 50_000; i++) {
                    room.publish("p", "m" + i);
                }
                return null;
            }));
        }
        int batches = 0;
        while (done.stream().anyMatch(f -> !f.isDone()) || batches < 1_000) {
            long after = ThreadLocalRandom.current().nextLong(room.lastId() + 1);
            Batch b = room.since(after, 1 + ThreadLocalRandom.current().nextInt(32));
            List<Entry> entries = b.entries();
            long expect = after + 1;
            int i = 0;
            if (!entries.isEmpty() && entries.get(0) instanceof Missed m) {
                assertThat(m.after()).isEqualTo(after);
                expect = m.next();
                i = 1;
            }
            for (; i < entries.size(); i++) {
                assertThat(entries.get(i)).isInstanceOf(Message.class);
                assertThat(((Message) entries.get(i)).id()).as("batch from %d", after).isEqualTo(expect++);
            }
            if (expect > after + 1 || entries.size() > 1) { // some message came: the cursor is the last one's id
                assertThat(b.cursor()).isEqualTo(expect - 1);
            }
            batches++;
        }
        for (var f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        publishers.shutdown();
        assertThat(room.lastId()).isEqualTo(100_000);
    }
}
