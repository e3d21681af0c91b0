/** Building blocks for composing policies, and the example policies {@code simple} and {@code central}. */
module io.scx4j.lib {
    requires transitive io.scx4j.api;
    exports io.scx4j.lib;
}
