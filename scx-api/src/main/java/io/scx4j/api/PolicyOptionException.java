package io.scx4j.api;

/** A policy option set to a value it does not accept, or an option the policy does not have. One line, for users. */
public final class PolicyOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A malformed or out-of-range value. */
    public PolicyOptionException(String policy, String option, String value, String accepted) {
        super("policy '" + policy + "': option '" + option + "' got '" + value + "', expected " + accepted);
    }

    /** Any other option problem (unknown name, malformed KEY=VALUE). */
    public PolicyOptionException(String message) {
        super(message);
    }
}
