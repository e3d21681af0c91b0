package io.scx4j.api;

/**
 * {@code struct scx_cgroup_init_args}, passed to {@link SchedOps#cgroupInit}.
 *
 * @param weight     {@code cpu.weight}, [1, 10000]
 * @param bwPeriodUs {@code cpu.max} period
 * @param bwQuotaUs  {@code cpu.max} quota, {@link Cgroup#QUOTA_INF} if unlimited
 * @param bwBurstUs  {@code cpu.max.burst}
 */
public record CgroupInitArgs(int weight, long bwPeriodUs, long bwQuotaUs, long bwBurstUs) {}
