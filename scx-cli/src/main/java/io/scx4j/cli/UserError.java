package io.scx4j.cli;

/** A mistake in the command's arguments or input files: reported as one line, exit status 2, no stack trace. */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message, null, false, false);
    }
}
