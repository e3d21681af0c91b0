/** What a policy author codes against. */
package io.scx4j.api;
