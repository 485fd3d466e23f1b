package io.hayate.client;

import java.util.Objects;

/**
 * The result of one request of a batch ({@link HttpClient#gather}): its value, or the failure that took its place.
 * A failed request does not fail the batch; it is reported in its slot.
 *
 * @param value   the result, or {@code null} when the request failed
 * @param failure why the request failed, or {@code null} when it succeeded
 * @param <T>     the result type
 */
public record Outcome<T>(T value, Throwable failure) {

    public Outcome {
        if ((value == null) == (failure == null)) {
            throw new IllegalArgumentException("an outcome has a value or a failure, not both and not neither");
        }
    }

    public static <T> Outcome<T> success(T value) {
        return new Outcome<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <T> Outcome<T> failure(Throwable failure) {
        return new Outcome<>(null, Objects.requireNonNull(failure, "failure"));
    }

    public boolean isSuccess() {
        return failure == null;
    }

    /**
     * The value, or the failure thrown: an {@link java.io.IOException} as is (so it reads like the request's own
     * exception), anything else wrapped in an {@link IllegalStateException}.
     */
    public T get() throws java.io.IOException {
        if (failure == null) {
            return value;
        }
        if (failure instanceof java.io.IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        throw new IllegalStateException(failure);
    }

    @Override
    public String toString() {
        return failure == null ? "success(" + value + ")" : "failure(" + failure + ")";
    }
}
