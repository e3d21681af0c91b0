/** The machine model a scheduler runs on. */
package io.scx4j.topology;
