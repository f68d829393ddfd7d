package dev.mailgate.delivery;

import jakarta.enterprise.context.ApplicationScoped;

/** Lets tests in other packages open the throttle gate between cases. */
@ApplicationScoped
public class ThrottleGateAccess {

    private final ThrottleGate gate;

    public ThrottleGateAccess(ThrottleGate gate) {
        this.gate = gate;
    }

    public void open() {
        gate.open();
    }
}
