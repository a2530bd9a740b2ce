package io.gev.samples.redis;

import java.util.Map;

/**
 * One section of {@code INFO} ({@code # Persistence} and its {@code field:value} lines). The sample provides server,
 * clients, memory, stats and keyspace; a Spring bean of this type adds a section or replaces one of the same name
 * (the persistence code provides {@code Persistence}). {@link #fields} runs on the loop thread of the connection
 * that asked: it must be quick and must not block.
 */
public interface InfoSection {

    /** The section's title as INFO shows it ({@code Persistence}); matched in any case by {@code INFO name}. */
    String name();

    /** Its fields, in order, with their current values. */
    Map<String, String> fields();
}
