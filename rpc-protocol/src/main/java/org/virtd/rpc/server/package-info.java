/**
 * The RPC server framework: listeners, per-client pipelines, the dense per-program dispatch table and the
 * worker budgets. Knows nothing of drivers; the daemon binds handlers and maps its errors.
 */
@NullMarked
package org.virtd.rpc.server;

import org.jspecify.annotations.NullMarked;
