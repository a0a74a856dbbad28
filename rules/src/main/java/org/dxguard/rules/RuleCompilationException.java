package org.dxguard.rules;

import java.util.List;
import java.util.stream.Collectors;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;

/** A rule set did not compile or broke a structural rule; {@link #problems()} lists each with file and line. */
public final class RuleCompilationException extends DxGuardException {
    private final transient List<CompileProblem> problems;

    public RuleCompilationException(ErrorCode code, List<CompileProblem> problems) {
        super(code, problems.size() + " problem(s): "
            + problems.stream().map(CompileProblem::format).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<CompileProblem> problems() {
        return problems;
    }
}
