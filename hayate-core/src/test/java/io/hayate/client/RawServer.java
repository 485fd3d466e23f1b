package io.hayate.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP peer on a plain {@link ServerSocket}: each accepted connection runs the script on a virtual
 * thread, which reads requests and writes whatever bytes the test wants (malformed responses included). Counts
 * connections and request heads.
 */
final class RawServer implements AutoCloseable {
    /** What to do with one connection; {@code index} counts connections from 0. */
    interface Script {
        void serve(Conn conn, int index) throws Exception;
    }

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RawServer(Script script) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().name("raw-server").start(() -> {
            while (!socket.isClosed()) {
                Socket s;
                try {
                    s = socket.accept();
                } catch (IOException e) {
                    return;
                }
                sockets.add(s);
                int index = accepted.getAndIncrement();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        script.serve(new Conn(s), index);
                    } catch (Exception ignored) {
                        // the client went away, or the script closed it
                    }
                });
            }
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    int port() {
        return socket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    int requests() {
        return requests.get();
    }

    List<String> heads() {
        return heads;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** One accepted connection. */
    final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Reads one request head (up to the empty line); null at EOF. Counts it. */
        String readHead() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                byte[] a = b.toByteArray();
                int n = a.length;
                if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                    String head = b.toString(ISO_8859_1);
                    requests.incrementAndGet();
                    heads.add(head);
                    return head;
                }
            }
            return null;
        }

        /** Reads a request head and its Content-Length body; null at EOF. */
        String readRequest() throws IOException {
            String head = readHead();
            if (head == null) {
                return null;
            }
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(15).strip()));
                }
            }
            return head;
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(ISO_8859_1));
            out.flush();
        }

        void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }
    }
}
