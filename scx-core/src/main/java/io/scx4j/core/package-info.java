/** The engine. */
package io.scx4j.core;
