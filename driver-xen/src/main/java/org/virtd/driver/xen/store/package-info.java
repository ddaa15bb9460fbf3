/**
 * XenStore: a xenstored that speaks Xen's socket protocol ({@code xs_wire.h}) so that Xen's own tools and
 * libxenstore cannot tell it from the real daemon. {@link org.virtd.driver.xen.store.XsWire} is the codec,
 * {@link org.virtd.driver.xen.store.Store} the node database with permissions, quotas and transactions,
 * {@link org.virtd.driver.xen.store.XenStoreServer} the UNIX-socket server,
 * {@link org.virtd.driver.xen.store.XenStored} the {@code bin/xenstored} entry point and
 * {@link org.virtd.driver.xen.store.XenStoreClient} the client for our daemon or Xen's.
 */
@NullMarked
package org.virtd.driver.xen.store;

import org.jspecify.annotations.NullMarked;
