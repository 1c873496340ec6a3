package dev.tributary.deploy.twin;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The twin's Lambda Java runtime, run as {@code main} in a child JVM next to the shaded jar, with the function's
 * environment: it does what the managed runtime does with a template's {@code Handler}
 * ({@code package.Class::handleRequest}) — creates the class once with its no-argument constructor (the init phase),
 * then for each invocation turns the event JSON into the handler's input type with the runtime's own serializers
 * ({@code aws-lambda-java-serialization}), calls the method and writes the result as JSON. Invocations arrive one at a
 * time on {@code POST /invoke} (one instance, one event at a time, as a Lambda execution environment); an exception is
 * a 500 whose body names it, as a function error.
 * <p>
 * Only the JDK, the jar and the serialization library are on its class path: nothing of the test.
 */
public final class LambdaRuntime {
    private static final java.util.concurrent.atomic.AtomicInteger INVOCATIONS =
            new java.util.concurrent.atomic.AtomicInteger();

    private LambdaRuntime() {
    }

    public static void main(String[] args) throws Exception {
        String[] handler = args[0].split("::");
        int port = Integer.parseInt(args[1]);
        Class<?> type = Class.forName(handler[0]);
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        Object function = type.getDeclaredConstructor().newInstance();   // init: the handler builds its context here
        // what SnapStart snapshots: from JVM start to the handler's context built (printed for the cold-start figure)
        System.out.println("twin lambda init: " + (System.currentTimeMillis() - jvmStart) + " ms from JVM start");
        Method method = handlerMethod(type, handler[1]);
        PojoSerializer<Object> in = serializer(rawType(handlerType(type, 0)));
        PojoSerializer<Object> out = serializer(rawType(handlerType(type, 1)));

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/invoke", exchange -> invoke(exchange, function, method, in, out));
        server.start();   // the default executor: one invocation at a time
        System.out.println("twin lambda runtime ready: " + args[0] + " on port " + port);
    }

    private static void invoke(HttpExchange exchange, Object function, Method method, PojoSerializer<Object> in,
                               PojoSerializer<Object> out) throws IOException {
        try (exchange) {
            byte[] answer;
            int status;
            try {
                long started = System.nanoTime();
                Object event = in.fromJson(exchange.getRequestBody());
                Object result = method.invoke(function, event, new TwinContext());
                System.out.println("twin lambda invocation " + INVOCATIONS.incrementAndGet() + ": "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
                ByteArrayOutputStream json = new ByteArrayOutputStream();
                if (result == null) {
                    json.writeBytes("null".getBytes(StandardCharsets.UTF_8));
                } else {
                    out.toJson(result, json);
                }
                answer = json.toByteArray();
                status = 200;
            } catch (Exception e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
                StringWriter trace = new StringWriter();
                cause.printStackTrace(new PrintWriter(trace));
                System.out.println("function error: " + trace);
                answer = ("{\"errorType\":\"" + cause.getClass().getName() + "\"}").getBytes(StandardCharsets.UTF_8);
                status = 500;
            }
            // one connection per invocation: a connection kept open would outlive a killed runtime and fail the next
            // invocation as if it had been running when the process died
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type) {
        if (type == Void.class || type == void.class) {
            return null;
        }
        return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, LambdaRuntime.class.getClassLoader())
                : (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
    }

    private static Method handlerMethod(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 2 && !m.isBridge()) {
                return m;
            }
        }
        throw new IllegalStateException(type.getName() + " has no method " + name + "(input, Context)");
    }

    /**
     * {@code I} (0) or {@code O} (1) of the {@link RequestHandler RequestHandler<I, O>} the class implements, through
     * its superclasses, as the managed runtime finds them.
     */
    private static Type handlerType(Class<?> type, int index) {
        Map<TypeVariable<?>, Type> bound = new HashMap<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type i : c.getGenericInterfaces()) {
                if (i instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    Type arg = p.getActualTypeArguments()[index];
                    return arg instanceof TypeVariable<?> v ? bound.get(v) : arg;
                }
            }
            if (c.getGenericSuperclass() instanceof ParameterizedType p) {
                TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
                for (int n = 0; n < vars.length; n++) {
                    Type arg = p.getActualTypeArguments()[n];
                    bound.put(vars[n], arg instanceof TypeVariable<?> v ? bound.getOrDefault(v, arg) : arg);
                }
            }
        }
        throw new IllegalStateException(type.getName() + " is no RequestHandler");
    }

    private static Class<?> rawType(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    /** What a handler may ask of its invocation. */
    private static final class TwinContext implements Context {
        private final String requestId = UUID.randomUUID().toString();
        private final long deadline = System.currentTimeMillis() + 60_000;

        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + getFunctionName(); }
        @Override public String getLogStreamName() { return "twin"; }
        @Override public String getFunctionName() { return System.getenv("AWS_LAMBDA_FUNCTION_NAME"); }
        @Override public String getFunctionVersion() { return System.getenv("AWS_LAMBDA_FUNCTION_VERSION"); }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:" + System.getenv("AWS_REGION")
                + ":000000000000:function:" + getFunctionName() + ":live"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) (deadline - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() {
            return Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
        }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.println(message); }
                @Override public void log(byte[] message) { System.out.println(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
