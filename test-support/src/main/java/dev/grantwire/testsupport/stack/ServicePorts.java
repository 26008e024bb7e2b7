package dev.grantwire.testsupport.stack;

/**
 * The two ports of a service on 127.0.0.1: its API, which callers reach, and its management
 * interface (health, metrics, OpenAPI), which only probes and Prometheus reach. 0 picks a free one.
 *
 * @param api the API port
 * @param management the management interface's port
 */
public record ServicePorts(int api, int management) {

    /** Free ports, as tests want. */
    public static final ServicePorts FREE = new ServicePorts(0, 0);
}
