package io.hayate.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The operations of {@link HttpClient}, shared by the client and its {@link #limit limited views}. */
abstract class AbstractClient implements HttpClient {

    /** The client that owns loops, pools and counters. */
    abstract LoopHttpClient core();

    /** The permits a request of this client or view takes, outermost first. */
    abstract Limiter[] limiters();

    private <T> CompletableFuture<T> submit(ClientRequest request, Target<T> target) {
        Objects.requireNonNull(request, "request");
        LoopHttpClient core = core();
        if (core.isClosed()) {
            return CompletableFuture.failedFuture(new ClientException(request + ": the client is closed"));
        }
        Exchange exchange = new Exchange(core, request, target, limiters());
        target.future.whenComplete((r, t) -> {
            if (t instanceof CancellationException) {
                exchange.cancel();
            }
        });
        exchange.start();
        return target.future;
    }

    @Override
    public CompletableFuture<ClientResponse> send(ClientRequest request) {
        return submit(request, Target.bytes(core().config().maxResponseBody()));
    }

    @Override
    public ClientResponse sendBlocking(ClientRequest request) throws IOException, InterruptedException {
        Blocking.checkNotOnLoop("sendBlocking");
        return Blocking.await(send(request), "sendBlocking");
    }

    @Override
    public CompletableFuture<ClientResponse> download(ClientRequest request, Path file) {
        return submit(request, Target.file(Objects.requireNonNull(file, "file")));
    }

    @Override
    public ClientResponse downloadBlocking(ClientRequest request, Path file) throws IOException, InterruptedException {
        Blocking.checkNotOnLoop("downloadBlocking");
        return Blocking.await(download(request, file), "downloadBlocking");
    }

    @Override
    public CompletableFuture<StreamingResponse> stream(ClientRequest request) {
        return submit(request, Target.stream(core().config().streamBuffer()));
    }

    @Override
    public StreamingResponse streamBlocking(ClientRequest request) throws IOException, InterruptedException {
        Blocking.checkNotOnLoop("streamBlocking");
        return Blocking.await(stream(request), "streamBlocking");
    }

    @Override
    public CompletableFuture<List<Outcome<ClientResponse>>> gather(List<ClientRequest> requests) {
        List<CompletableFuture<ClientResponse>> futures = new ArrayList<>(requests.size());
        for (ClientRequest r : requests) {
            futures.add(send(r));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            List<Outcome<ClientResponse>> outcomes = new ArrayList<>(futures.size());
            for (CompletableFuture<ClientResponse> f : futures) {
                outcomes.add(outcome(f));
            }
            return outcomes;
        });
    }

    private static <T> Outcome<T> outcome(CompletableFuture<T> f) {
        try {
            return Outcome.success(f.join());
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return Outcome.failure(cause);
        }
    }

    @Override
    public List<Outcome<ClientResponse>> gatherBlocking(List<ClientRequest> requests) throws InterruptedException {
        Blocking.checkNotOnLoop("gatherBlocking");
        try {
            return gather(requests).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("gather never fails as a whole", e.getCause());
        }
    }

    @Override
    public HttpClient limit(int permits) {
        return new LimitedClient(core(), limiters(), new Limiter(permits));
    }

    @Override
    public CompletableFuture<ClientWebSocket> webSocket(ClientRequest request, ClientWebSocketListener listener) {
        return WsHandshake.open(core(), request, Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public ClientWebSocket webSocketBlocking(ClientRequest request) throws IOException, InterruptedException {
        Blocking.checkNotOnLoop("webSocketBlocking");
        return Blocking.await(WsHandshake.open(core(), request, null), "webSocketBlocking");
    }

    @Override
    public ClientConfig config() {
        return core().config();
    }

    @Override
    public ClientStats stats() {
        return core().stats();
    }
}
