package dev.tributary.bootstrap.cli;

import dev.tributary.application.port.out.PortUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * What a person sees when a command fails: one plain line saying what is wrong and what to do, and a non-zero exit
 * code; the stack trace only with {@code --verbose}. Exit codes: 1 the work failed, 2 the input is wrong (a missing
 * file, a bad value), 3 the pipeline or a dependency cannot be reached.
 */
final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int UNREACHABLE = 3;

    private record Said(int exitCode, String line) {}

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        Said said = explain(e).orElseGet(() -> new Said(FAILED, "tributary " + command.getCommandName()
                + " failed: " + message(e) + (verbose(parsed) ? "" : " (--verbose shows the details)")));
        err.println(said.line());
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return said.exitCode();
    }

    /** A bad option or value: picocli's message and where to look, without the whole usage text. */
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(capitalised(message(e)) + ". Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return BAD_INPUT;
    }

    private static Optional<Said> explain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return Optional.of(new Said(UNREACHABLE, "Cannot reach the Tributary API: is the pipeline running? "
                        + "Start it with './tributary run', or point --url at the one you mean."));
            }
            if (t instanceof HttpTimeoutException) {
                return Optional.of(new Said(UNREACHABLE, "The Tributary API did not answer in time: try again, or "
                        + "check the pipeline's /health."));
            }
            if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
                return Optional.of(new Said(BAD_INPUT, "No such file: " + fileOf(t) + ". Check the path."));
            }
            if (t instanceof AccessDeniedException) {
                return Optional.of(new Said(BAD_INPUT, "Not allowed to read " + fileOf(t) + "."));
            }
            if (t instanceof PortUnavailableException p) {
                return Optional.of(new Said(UNREACHABLE, "The " + p.port() + " cannot be reached: " + message(p)));
            }
            if (t instanceof IllegalArgumentException) {
                return Optional.of(new Said(BAD_INPUT, capitalised(message(t)) + "."));
            }
        }
        return Optional.empty();
    }

    private static String fileOf(Throwable t) {
        return t instanceof java.nio.file.FileSystemException f && f.getFile() != null ? f.getFile() : message(t);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
