package io.gev.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/** The access list of a TCP server ({@code gev.access.*}): which client addresses it admits. */
public class GevAccessProperties {

    /**
     * Client addresses admitted, as CIDR blocks or addresses, IPv4 or IPv6 (10.0.0.0/8, 2001:db8::/32, 192.168.1.7);
     * others are closed as they are accepted and counted as gev.connections.refused{reason=access}. Empty admits
     * every address that is not denied.
     */
    private List<String> allow = new ArrayList<>();

    /**
     * Client addresses refused whatever the allowed ones are, as CIDR blocks or addresses, IPv4 or IPv6; counted as
     * gev.connections.refused{reason=access}. Behind a trusted PROXY header the client it names is judged.
     */
    private List<String> deny = new ArrayList<>();

    public List<String> getAllow() {
        return allow;
    }

    public void setAllow(List<String> allow) {
        this.allow = allow;
    }

    public List<String> getDeny() {
        return deny;
    }

    public void setDeny(List<String> deny) {
        this.deny = deny;
    }
}
