package canary.dev.tributary.bootstrap;

/** Target of the adapter canaries; bootstrap itself may see everything. */
public class Application {
}
