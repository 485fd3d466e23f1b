package io.hayate.loop;

import java.util.Arrays;

/** A binary min-heap of timers by deadline with O(log n) removal. Confined to one loop thread. */
final class TimerHeap {
    private Timer[] heap = new Timer[64];
    private int size;

    int size() {
        return size;
    }

    Timer peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Timer t) {
        if (t.index >= 0) {
            remove(t);
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.index = size;
        size++;
        siftUp(t.index);
    }

    void remove(Timer t) {
        int i = t.index;
        if (i < 0 || i >= size || heap[i] != t) {
            return;
        }
        size--;
        Timer last = heap[size];
        heap[size] = null;
        t.index = -1;
        if (i != size) {
            heap[i] = last;
            last.index = i;
            siftDown(i);
            siftUp(last.index);
        }
        if (heap.length > 1024 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    /** Removes and returns the earliest timer if its deadline is not after {@code now}. */
    Timer pollDue(long now) {
        if (size == 0 || heap[0].deadline - now > 0) {
            return null;
        }
        Timer t = heap[0];
        remove(t);
        return t;
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (t.deadline - p.deadline >= 0) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline - heap[child].deadline < 0) {
                child = right;
            }
            Timer c = heap[child];
            if (t.deadline - c.deadline <= 0) {
                break;
            }
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
