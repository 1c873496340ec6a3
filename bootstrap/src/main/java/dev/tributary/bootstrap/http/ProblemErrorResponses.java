package dev.tributary.bootstrap.http;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Micronaut's own refusals (no route: 404, wrong method: 405, an unreadable parameter: 400, …) as RFC 9457
 * problem+json, like every refusal of ours. The detail says what was wrong in fixed words and never repeats what the
 * caller sent: a path, a parameter's value or a header may carry anything.
 */
@Singleton
@Primary
@Replaces(ErrorResponseProcessor.class)
final class ProblemErrorResponses implements ErrorResponseProcessor<Problem> {
    /** Micronaut's conversion messages quote the offending value: "… for value [<anything>] due to …". */
    private static final Pattern QUOTED_VALUE = Pattern.compile("(?s)\\s*for value \\[.*");

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        String detail = switch (status) {
            case NOT_FOUND -> "Nothing is served at this address. Ingest is POST /ingest/{source}; the API is under"
                    + " /api (described at /openapi/tributary-1.yml).";
            case METHOD_NOT_ALLOWED -> "This address does not take " + method(context) + "; it takes "
                    + response.getHeaders().get(HttpHeaders.ALLOW, String.class).orElse("other methods") + ".";
            case UNSUPPORTED_MEDIA_TYPE -> "This address does not take that content type.";
            case REQUEST_ENTITY_TOO_LARGE -> "The request body is larger than this server takes.";
            default -> context.getErrors().stream().findFirst().map(Error::getMessage).map(ProblemErrorResponses::scrub)
                    .orElse(status.getReason() + ".");
        };
        MutableHttpResponse<Problem> problem = (MutableHttpResponse<Problem>) response;
        return problem.body(new Problem("https://tributary.dev/problems/" + slug(status), status.getReason(),
                status.getCode(), detail)).contentType(Problem.MEDIA_TYPE);
    }

    private static String method(ErrorContext context) {
        HttpMethod method = context.getRequest().getMethod();
        return method == HttpMethod.CUSTOM ? "that method" : method.name();
    }

    private static String scrub(String message) {
        String kept = QUOTED_VALUE.matcher(message).replaceAll("").replaceAll("\\p{Cntrl}", " ").strip();
        return kept.length() > 200 ? kept.substring(0, 200) + "…" : kept;
    }

    private static String slug(HttpStatus status) {
        return status.getReason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
