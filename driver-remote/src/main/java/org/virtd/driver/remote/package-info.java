/**
 * libvirt's remote driver in Java: the driver SPI served over libvirt's RPC protocol to a libvirtd or virtd,
 * over UNIX sockets and TCP. {@link org.virtd.driver.remote.RemoteDriverProvider} is found through
 * {@link java.util.ServiceLoader}; {@link org.virtd.driver.remote.RemoteUris} holds the URI rules (transport,
 * consumed parameters, the name sent in CONNECT_OPEN).
 */
@NullMarked
package org.virtd.driver.remote;

import org.jspecify.annotations.NullMarked;
