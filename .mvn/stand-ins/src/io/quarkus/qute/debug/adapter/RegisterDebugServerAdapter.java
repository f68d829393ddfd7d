package io.quarkus.qute.debug.adapter;

import io.quarkus.qute.EngineBuilder;

/**
 * mailgate's stand-in for the Qute debugger, whose 3.33.2 artifact is missing from Maven Central. quarkus-qute's
 * dev-mode observer creates one of these eagerly; with no port it never registers it, so the debugger stays off.
 */
public class RegisterDebugServerAdapter implements EngineBuilder.EngineListener {

    public Integer getPort() {
        return null;
    }

    public void reset() {
        // nothing to reset: no debug server is ever started
    }
}
