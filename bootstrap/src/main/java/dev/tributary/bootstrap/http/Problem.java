package dev.tributary.bootstrap.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/** An RFC 9457 problem detail: what went wrong, in words a producer can act on, never echoing the payload. */
@Serdeable
public record Problem(String type, String title, int status, String detail) {
    public static final MediaType MEDIA_TYPE = MediaType.of("application/problem+json");

    public static MutableHttpResponse<Problem> response(HttpStatus status, String type, String title, String detail) {
        return HttpResponse.<Problem>status(status)
                .body(new Problem("https://tributary.dev/problems/" + type, title, status.getCode(), detail))
                .contentType(MEDIA_TYPE);
    }
}
