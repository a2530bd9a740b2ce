package io.gev.samples.redis;

import java.util.Locale;

/** When the append-only file is fsynced ({@code appendfsync}), as Redis names the choices. */
public enum FsyncPolicy {
    /** After every write, before its reply leaves: one fsync for all the writes gathered meanwhile. */
    ALWAYS,
    /** In the background, once a second: a crash loses about a second of writes at most. */
    EVERYSEC,
    /** Never: the operating system writes the file out when it likes. */
    NO;

    /** The name {@code CONFIG GET appendfsync} reports: lower case. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
