package io.hayate.server;

/**
 * Answers a request.
 *
 * <p>The return value is the response body, the way Bottle and Flask take it:
 * <ul>
 *   <li>{@code String}: sent as UTF-8, {@code text/plain} unless a content type was set;</li>
 *   <li>{@code byte[]}: sent as is, {@code application/octet-stream} unless a content type was set;</li>
 *   <li>{@link java.nio.file.Path}: the file, sent with zero-copy {@code transferTo};</li>
 *   <li>{@link java.util.concurrent.CompletionStage}: the response is sent when it completes, with any of these;</li>
 *   <li>{@code null} or the {@link Context} itself: whatever was set on the context (status, headers, body).</li>
 * </ul>
 * Throwing {@link HttpError} answers with its status; any other exception is logged once and answered with
 * {@code 500} and no stack trace.
 *
 * <p><b>Threading.</b> Called on the thread the server's {@link Mode} chooses. In {@link Mode#LOOP} it must not
 * block.
 */
@FunctionalInterface
public interface Handler {
    Object handle(Context ctx) throws Exception;
}
