/** The {@code scx} command. */
module io.scx4j.cli {
    requires io.scx4j.core;
    requires info.picocli;
    opens io.scx4j.cli to info.picocli;
}
