/**
 * {@link org.virtd.rpc.client.RpcClient}: a blocking and asynchronous caller of any generated
 * {@link org.virtd.rpc.wire.Procedure}, over TCP or a UNIX socket, with events and keepalive.
 */
@NullMarked
package org.virtd.rpc.client;

import org.jspecify.annotations.NullMarked;
