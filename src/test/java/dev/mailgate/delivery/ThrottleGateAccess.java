package dev.mailgate.delivery;

import jakarta.enterprise.context.ApplicationScoped;

/** Lets tests in other packages open every account's throttle gate between cases. */
@ApplicationScoped
public class ThrottleGateAccess {

    private final Accounts accounts;

    public ThrottleGateAccess(Accounts accounts) {
        this.accounts = accounts;
    }

    public void open() {
        accounts.openGates();
    }
}
