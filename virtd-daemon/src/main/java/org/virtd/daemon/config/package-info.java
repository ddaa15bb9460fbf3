/**
 * The daemon's configuration: a reader for libvirt's {@code virConf} file syntax ({@link
 * org.virtd.daemon.config.ConfFile}), the typed and checked libvirtd.conf keys ({@link
 * org.virtd.daemon.config.ConfigKey}, {@link org.virtd.daemon.config.DaemonConfig}) and the paths
 * derived from them and from the command line ({@link org.virtd.daemon.config.DaemonPaths}).
 *
 * <p>virtd.conf is a libvirtd.conf: same syntax, same keys, same types, same defaults (for a build
 * without polkit), and the same error texts, so a file means the same to both daemons and fails in
 * the same way. virtd adds the line number to value errors and one key of its own, {@code root_dir}.
 * Unknown keys are ignored as libvirtd ignores them, but reported as {@link
 * org.virtd.daemon.config.ConfigWarning}s for the daemon to log.
 *
 * <p>Facts were taken from libvirt 9.0.0 ({@code src/util/virconf.c},
 * {@code src/remote/remote_daemon_config.c}) and checked against libvirt's own parser.
 */
@NullMarked
package org.virtd.daemon.config;

import org.jspecify.annotations.NullMarked;
