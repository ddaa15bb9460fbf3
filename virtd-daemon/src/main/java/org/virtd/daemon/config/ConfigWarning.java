package org.virtd.daemon.config;

/**
 * Something in a configuration file that virtd ignores but the administrator should hear about:
 * an unknown key, a key assigned twice, an obsolete key. libvirtd ignores these silently; virtd
 * logs each one at warning level and carries on.
 *
 * @param file the file name as given by the caller
 * @param line the 1-based line of the key
 * @param key the key
 * @param message what is wrong, without file and line
 */
public record ConfigWarning(String file, int line, String key, String message) {

    /** {@code FILE:LINE: MESSAGE}, the form the daemon logs. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
