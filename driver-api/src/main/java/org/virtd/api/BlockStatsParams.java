package org.virtd.api;

import java.util.List;

/**
 * What {@code virDomainBlockStatsFlags} reports: with {@code nparams} 0 asked, only how many fields the driver has
 * ({@link #nparams}); otherwise up to the number asked for, as typed parameters ({@code rd_operations},
 * {@code rd_bytes}, {@code wr_total_times}, ...).
 */
public record BlockStatsParams(int nparams, List<TypedParameter> params) {
    public BlockStatsParams {
        params = List.copyOf(params);
    }
}
