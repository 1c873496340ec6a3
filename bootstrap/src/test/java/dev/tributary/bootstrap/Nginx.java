package dev.tributary.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Debian's nginx as the gateway in front of client instances, from a generated config in a temp directory. */
final class Nginx implements AutoCloseable {
    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Round-robin over {@code upstreams}; no response buffering, so Server-Sent Events pass straight through. */
    static Nginx start(Path prefix, List<URI> upstreams) {
        int port = freePort();
        String servers = upstreams.stream().map(u -> "    server " + u.getHost() + ":" + u.getPort()
                + " max_fails=1 fail_timeout=10s;").collect(Collectors.joining("\n"));
        String conf = """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream tributary {
                %2$s
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://tributary;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_buffering off;
                      proxy_cache off;
                      proxy_read_timeout 1h;
                      proxy_connect_timeout 2s;
                      proxy_next_upstream error timeout http_502 http_503;
                    }
                  }
                }
                """.formatted(prefix, servers, port);
        try {
            Files.createDirectories(prefix);
            Path file = Files.writeString(prefix.resolve("nginx.conf"), conf);
            Process process = new ProcessBuilder("/usr/sbin/nginx", "-c", file.toString(), "-p", prefix.toString())
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port) || !process.isAlive());
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx did not start: " + Files.readString(prefix.resolve("stdout.log")));
            }
            return new Nginx(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
