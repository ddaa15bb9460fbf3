/**
 * virtd, the daemon: command line, start-up and orderly stop ({@link org.virtd.daemon.VirtDaemon}). The
 * daemon reaches drivers only through the public API ({@code org.virtd.api}); drivers are found at run time.
 */
@NullMarked
package org.virtd.daemon;

import org.jspecify.annotations.NullMarked;
