/** Building blocks for composing policies. */
package io.scx4j.lib;
