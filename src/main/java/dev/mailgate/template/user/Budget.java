package dev.mailgate.template.user;

/**
 * What one render may spend: steps (a field read, or a loop iteration weighed by the nodes its body renders, so the
 * result tree Qute builds stays small), output characters, and time. A runaway template fails its own render with
 * a {@link RenderLimitException} and costs nothing else.
 */
final class Budget {

    private final long maxSteps;
    private final long maxOutput;
    private final long deadline;
    private long steps;
    private long output;

    Budget(long maxSteps, long maxOutput, long maxNanos) {
        this.maxSteps = maxSteps;
        this.maxOutput = maxOutput;
        this.deadline = System.nanoTime() + maxNanos;
    }

    void step(long weight) {
        steps += weight;
        if (steps > maxSteps) {
            throw new RenderLimitException("the template did more than " + maxSteps + " steps (fields read and loop"
                    + " iterations weighed by their body): loop over less data, or bound the arrays with maxItems");
        }
        clock();
    }

    void output(int chars) {
        output += chars;
        if (output > maxOutput) {
            throw new RenderLimitException("the rendered output is larger than " + maxOutput + " characters");
        }
        clock();
    }

    private void clock() {
        if (System.nanoTime() - deadline > 0) {
            throw new RenderLimitException("the render took longer than its time limit");
        }
    }
}
