package io.scx4j.topology.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.scx4j.topology.CpuKind;
import java.util.List;

/** The JSON document shapes behind {@code io.scx4j.topology.TopologyJson}; not API. */
public final class JsonModel {
    private JsonModel() {}

    /**
     * A whole topology document.
     *
     * @param name topology name
     * @param llcLevel cache level of the LLCs; null means 3
     * @param cpus the CPUs
     * @param distances node distance matrix; null means 10 local / 20 remote
     */
    @JsonPropertyOrder({"name", "llcLevel", "cpus", "distances"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TopologyDoc(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("llcLevel") Integer llcLevel,
            @JsonProperty(value = "cpus", required = true) List<CpuDoc> cpus,
            @JsonProperty("distances") int[][] distances) {}

    /**
     * One CPU; optional fields are null when absent.
     *
     * @param id CPU id
     * @param core core id
     * @param llc LLC id
     * @param node node id
     * @param pkg package id
     * @param capacity capacity, null means 1024
     * @param minFreqKhz null means 0 (unknown)
     * @param maxFreqKhz null means 0 (unknown)
     * @param kind null means UNIFORM
     * @param online null means true
     */
    @JsonPropertyOrder({"id", "core", "llc", "node", "package", "capacity", "minFreqKhz", "maxFreqKhz", "kind",
        "online"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CpuDoc(
            @JsonProperty(value = "id", required = true) int id,
            @JsonProperty(value = "core", required = true) int core,
            @JsonProperty(value = "llc", required = true) int llc,
            @JsonProperty(value = "node", required = true) int node,
            @JsonProperty(value = "package", required = true) int pkg,
            @JsonProperty("capacity") Integer capacity,
            @JsonProperty("minFreqKhz") Long minFreqKhz,
            @JsonProperty("maxFreqKhz") Long maxFreqKhz,
            @JsonProperty("kind") CpuKind kind,
            @JsonProperty("online") Boolean online) {}
}
