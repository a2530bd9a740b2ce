package com.example.standalone;

import io.gev.Connection;
import io.gev.Handler;
import io.gev.spring.GevHandler;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Answers each line with the same line in upper case. Runs on the connection's loop thread. */
@GevHandler
public class UpperCaseHandler implements Handler {

    @Override
    public Object onMessage(Connection connection, Object context, byte[] line) {
        return new String(line, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    }
}
