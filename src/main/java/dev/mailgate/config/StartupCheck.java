package dev.mailgate.config;

import java.util.List;

/**
 * A feature package's own check of its settings, run with every other check at start-up so that an operator sees
 * every problem at once. The package implements it as a bean; {@link StartupValidator} collects them all without
 * importing any feature package, which keeps this package at the bottom of the house.
 */
public interface StartupCheck {

    /** Every problem, each naming the setting (and its environment variable where it helps); never a value. */
    List<String> problems();
}
