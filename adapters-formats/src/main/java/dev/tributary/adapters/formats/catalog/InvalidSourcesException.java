package dev.tributary.adapters.formats.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** Source files that cannot be served; the message lists every problem as {@code file:line:column: message}. */
public class InvalidSourcesException extends RuntimeException {
    private final transient List<SourceProblem> problems;

    public InvalidSourcesException(List<SourceProblem> problems) {
        super(problems.size() + " problem(s) in source files:\n" + problems.stream().map(SourceProblem::toString)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<SourceProblem> problems() {
        return problems;
    }
}
